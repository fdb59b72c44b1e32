from django.db import migrations

INTERESTS = [
    "Animals",
    "Art and crafts",
    "Baking",
    "Board games",
    "Bowling",
    "Church or faith group",
    "Computer games",
    "Cooking",
    "Cycling",
    "Dancing",
    "Days out",
    "DIY",
    "Drama",
    "Fishing",
    "Football",
    "Gardening",
    "Going to the pub",
    "Knitting",
    "Live music",
    "Museums",
    "Music",
    "Nature walks",
    "Photography",
    "Puzzles",
    "Reading",
    "Rugby",
    "Shopping",
    "Singing",
    "Swimming",
    "Trains and transport",
    "TV and films",
    "Walking",
    "Volunteering",
    "Yoga",
]
LANGUAGES = [
    "Arabic",
    "Bengali",
    "British Sign Language",
    "Cantonese",
    "English",
    "French",
    "Gujarati",
    "Irish",
    "Italian",
    "Makaton",
    "Panjabi",
    "Polish",
    "Portuguese",
    "Romanian",
    "Scottish Gaelic",
    "Somali",
    "Spanish",
    "Tamil",
    "Turkish",
    "Urdu",
    "Welsh",
]


def add_lists(apps, schema_editor):
    Interest = apps.get_model("reference", "Interest")
    Language = apps.get_model("reference", "Language")
    for name in INTERESTS:
        Interest.objects.get_or_create(name=name)
    for name in LANGUAGES:
        Language.objects.get_or_create(name=name)


def remove_lists(apps, schema_editor):
    apps.get_model("reference", "Interest").objects.filter(name__in=INTERESTS).delete()
    apps.get_model("reference", "Language").objects.filter(name__in=LANGUAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(add_lists, remove_lists)]
