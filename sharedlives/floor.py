"""A signed-in page with the base layout and nothing else: the floor that page timings are
measured against (`make bench`)."""

from django.shortcuts import render


def floor(request):
    """Every signed-in user may open it (the login-required middleware sends others to sign in)."""
    return render(request, "floor.html")
