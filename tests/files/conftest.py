from tests.carers.conftest import *  # noqa: F403  (households X and Y, their carers)
