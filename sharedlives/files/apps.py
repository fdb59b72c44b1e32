from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "sharedlives.files"
    label = "files"
    verbose_name = "Photos and documents"
