from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "sharedlives.reference"
    label = "reference"
    verbose_name = "Reference lists"
