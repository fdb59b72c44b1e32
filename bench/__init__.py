"""Page timings and load tests on a national-scale dataset (see the README, `make bench` and `make load`)."""
