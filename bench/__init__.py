"""Benchmarks and the decade dataset they run on (not part of the installed app)."""
