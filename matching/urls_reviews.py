from django.urls import path

from . import reviews_views as views

urlpatterns = [
    # Staff
    path("arrangements/<int:pk>/reviews/", views.arrangement_reviews, name="arrangement_reviews"),
    path("arrangements/<int:pk>/reviews/new/", views.review_create, name="review_create"),
    path("reviews/due/", views.reviews_due, name="reviews_due"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    # Carers and families: summaries only
    path("carer/arrangements/<int:pk>/reviews/", views.carer_reviews, name="carer_reviews"),
    path("family/arrangements/<int:pk>/reviews/", views.family_reviews, name="family_reviews"),
]
