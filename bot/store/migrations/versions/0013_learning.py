"""learning record: logged learning, attendance, trainer-pathway milestones (issue 18)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
