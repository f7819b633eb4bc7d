"""privacy warning on celebrations and stories

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:20:00

A post whose author confirmed a ``check``-tier privacy warning keeps that fact, so reviewers see
"posted after a privacy warning" (issue 11).
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("celebrations", "practice_stories"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('privacy_warning', sa.Boolean(), server_default=sa.false(), nullable=False)
            )


def downgrade() -> None:
    for table in ("practice_stories", "celebrations"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('privacy_warning')
