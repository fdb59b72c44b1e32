from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("files/photos/<int:pk>/<str:size>.jpg", views.photo_file, name="photo"),
    path("files/photos/waiting/", views.photo_queue, name="photo_queue"),
    path("files/photos/<int:pk>/approve/", views.photo_approve, name="photo_approve"),
    path("files/photos/<int:pk>/hide/", views.photo_hide, name="photo_hide"),
    path("files/photos/<int:pk>/main/", views.photo_main, name="photo_main"),
    path("files/photos/<int:pk>/move/<str:direction>/", views.photo_move, name="photo_move"),
    path("files/photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("files/photos/<int:pk>/words/", views.photo_describe, name="photo_describe"),
    path("files/<str:key>/<int:pk>/photos/", views.photos, name="photos"),
    path("files/<str:key>/<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("files/documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("files/documents/<int:pk>/versions/", views.document_version_add, name="document_version_add"),
    path("files/documents/<int:pk>/remove/", views.document_remove, name="document_remove"),
    path("files/versions/<int:pk>/download/", views.document_download, name="document_download"),
]
