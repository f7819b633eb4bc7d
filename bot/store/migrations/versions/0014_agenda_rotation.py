"""rotating the Signs of Safety item between team members (issue 18)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 16:30:00

``teams.agenda_rotation`` switches the rotation on for a team; ``agenda_turns`` records whose turn it is
for each meeting occurrence and when they are asked (the round robin and the four-week rule).
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_rotation', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('agenda_turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurrence_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['meeting_occurrences.id'], name=op.f('fk_agenda_turns_occurrence_id_meeting_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_agenda_turns_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_agenda_turns_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_turns')),
    sa.UniqueConstraint('occurrence_id', name=op.f('uq_agenda_turns_occurrence_id'))
    )
    with op.batch_alter_table('agenda_turns', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_turns_person_asked', ['person_id', 'asked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_turns_team_id'), ['team_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agenda_turns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_turns_team_id'))
        batch_op.drop_index('ix_agenda_turns_person_asked')
    op.drop_table('agenda_turns')
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('agenda_rotation')
