"""the county PL group's channel, PL digest and how-we've-fared lines (issue 18)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 16:30:00

The County PL meeting is a ``meetings`` row of kind ``county`` (no new column).
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pl_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('channel_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_pl_channels_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pl_channels')),
    sa.UniqueConstraint('platform', 'channel_id', name=op.f('uq_pl_channels_platform_channel_id'))
    )
    op.create_table('pl_fared_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('line', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_pl_fared_lines_locality_id_localities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['meeting_occurrences.id'], name=op.f('fk_pl_fared_lines_occurrence_id_meeting_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_pl_fared_lines_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pl_fared_lines')),
    sa.UniqueConstraint('occurrence_id', 'locality_id', name=op.f('uq_pl_fared_lines_occurrence_id_locality_id'))
    )


def downgrade() -> None:
    op.drop_table('pl_fared_lines')
    op.drop_table('pl_channels')
