"""Domain rules that do not depend on storage or platforms."""
