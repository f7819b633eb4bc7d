"""person region: someone's own bank-holiday region (people[].region in the organisation file)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:40:00

Issue 17: an empty region means the organisation's (nudge_settings.holiday_region).
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region', sa.String(length=20), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('region')
