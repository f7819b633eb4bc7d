"""the county PL group's channel, PL digest and how-we've-fared lines (issue 18)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
