"""The Slack adapter: Bolt behind our request guard, Block Kit rendering, the outbox sender, the manifest."""
