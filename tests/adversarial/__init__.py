"""Adversarial tests: hostile pull requests against sastflow (issue 8)."""
