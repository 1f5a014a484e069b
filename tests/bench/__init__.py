"""Tests of the benchmark (bench/), which lives outside the program."""
