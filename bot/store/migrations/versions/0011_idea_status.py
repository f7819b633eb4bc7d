"""idea status: the project manager's ideas page (thanked, shared with all PLs, in progress, done)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 16:00:00

Issue 14: the sender of an idea is told when its status changes.
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('status')
