"""Running the one planning path: read, check, plan each scenario (here or on Dask), shape, write."""
