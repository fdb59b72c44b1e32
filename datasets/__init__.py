"""Data makers that span every app: the national-scale dataset (`seed_scale`) for benchmarks."""
