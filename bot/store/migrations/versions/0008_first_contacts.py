"""first contacts: where the bot has already introduced itself

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 09:00:00

The welcome for a person's first chat and the intro post in a channel are sent once (issue 12).
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('first_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('contact_key', sa.String(length=300), nullable=False),
    sa.Column('welcomed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_first_contacts')),
    sa.UniqueConstraint('platform', 'contact_key', name=op.f('uq_first_contacts_platform_contact_key'))
    )


def downgrade() -> None:
    op.drop_table('first_contacts')
