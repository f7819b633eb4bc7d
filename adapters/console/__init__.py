"""A terminal adapter over the same handler: try the bot without Slack or Teams."""
