"""privacy contact: who staff ask about their data, from the organisation file

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 15:00:00

Shown on the staff privacy notice (``/privacy``, the Teams manifest's privacyUrl; issue 12).
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_contact', sa.String(length=300), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('privacy_contact')
