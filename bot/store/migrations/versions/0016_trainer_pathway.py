"""the trainer pathway: milestones confirmed by the project manager or principal social worker (issue 18)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
