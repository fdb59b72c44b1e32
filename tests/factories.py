"""Factories for the accounts app. Each app keeps its own in tests/<app>/factories.py."""

import factory

from sharedlives.accounts.models import Scheme, SchemeMembership, User

PASSWORD = "correct-horse-battery"


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Scheme {n} Shared Lives")
    area = "Somewhere"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    kind = User.Kind.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchemeMembership

    user = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(SchemeFactory)
    role = SchemeMembership.Role.COORDINATOR


def staff_user(scheme, role=SchemeMembership.Role.COORDINATOR, **kwargs) -> User:
    user = UserFactory(kind=User.Kind.STAFF, **kwargs)
    MembershipFactory(user=user, scheme=scheme, role=role)
    return user
