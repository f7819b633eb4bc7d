"""outbox background: what people's own actions queue is sent before background fan-out (issue 15)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 16:45:00

Existing rows keep ``background = false``: they are sent in their order, as before.
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('background', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('background')
