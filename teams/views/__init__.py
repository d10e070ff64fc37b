"""Pages for villages, teams, the role catalogue, members, trainings and activity days."""
