from django.urls import path

from ..views import notes

urlpatterns = [
    path("people/<int:person_id>/notes/", notes.note_list, name="note_list"),
    path("carer/people/<int:person_id>/notes/new/", notes.note_create, name="note_create"),
    path("notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", notes.note_edit, name="note_edit"),
    path("notes/<int:pk>/correct/", notes.note_correct, name="note_correct"),
    path("notes/<int:pk>/words/", notes.note_add_words, name="note_add_words"),
    path("notes/<int:pk>/incident/", notes.note_to_incident, name="note_to_incident"),
    path("me/notes/", notes.my_notes, name="my_notes"),
]
