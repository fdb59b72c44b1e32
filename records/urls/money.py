from django.urls import path

from ..views import money

urlpatterns = [
    path("people/<int:person_id>/money/", money.money, name="money"),
    path("people/<int:person_id>/money/new/", money.money_add, name="money_add"),
    path("people/<int:person_id>/money/count/", money.money_count, name="money_count"),
    path("people/<int:person_id>/money/check/", money.money_check, name="money_check"),
    path("money/<int:pk>/", money.money_entry, name="money_entry"),
    path("money/<int:pk>/correct/", money.money_correct, name="money_correct"),
]
