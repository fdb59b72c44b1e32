"""Users, schemes (the tenants) and the roles that tie them together."""

import pgtrigger
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

from sharedlives import history
from sharedlives.db import choices_constraint


class Regulator(models.TextChoices):
    CQC = "cqc", "Care Quality Commission (England)"
    CARE_INSPECTORATE = "care_inspectorate", "Care Inspectorate (Scotland)"
    CIW = "ciw", "Care Inspectorate Wales"
    RQIA = "rqia", "RQIA (Northern Ireland)"


# The UK nation each regulator covers, by the codes of sharedlives.dates (bank holidays).
REGULATOR_NATION = {
    Regulator.CQC: "ENG",
    Regulator.CARE_INSPECTORATE: "SCT",
    Regulator.CIW: "WLS",
    Regulator.RQIA: "NIR",
}


class UserKind(models.TextChoices):
    STAFF = "staff", "Scheme staff"
    CARER = "carer", "Shared Lives carer"
    PERSON = "person", "Person supported"
    FAMILY = "family", "Family member or representative"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    MANAGER = "manager", "Manager"


class InvitationKind(models.TextChoices):
    CARER = "carer", "Shared Lives carer"
    PERSON = "person", "Person supported"
    FAMILY = "family", "Family member or representative"


class SchemeQuerySet(models.QuerySet):
    def for_user(self, user):
        """Schemes the user works in as staff. Everyone else sees none here."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=user.staff_scheme_ids)


@history.track()
class Scheme(models.Model):
    """A Shared Lives scheme: every care record belongs to exactly one."""

    Regulator = Regulator

    name = models.CharField(max_length=200, unique=True)
    regulator = models.CharField(max_length=20, choices=Regulator.choices, default=Regulator.CQC)
    area = models.CharField(max_length=200, blank=True, help_text="The area the scheme covers.")
    contact_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    neighbours = models.ManyToManyField(
        "self",
        blank=True,
        help_text="Schemes whose carers may be considered when matching, by agreement.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [choices_constraint("regulator", Regulator)]

    def __str__(self):
        return self.name

    @property
    def nation(self) -> str:
        """The UK nation the scheme is in, from its regulator."""
        return REGULATOR_NATION[self.regulator]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def for_user(self, viewer):
        """Users that staff may see: the staff of their schemes and the people they invited."""
        if not viewer.is_authenticated or not viewer.staff_scheme_ids:
            return self.none()
        ids = viewer.staff_scheme_ids
        return self.filter(
            models.Q(memberships__scheme_id__in=ids) | models.Q(invitations__scheme_id__in=ids)
        ).distinct()


@history.track(exclude=["password", "last_login", "session_epoch"])
class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in. Email is the login; `kind` decides which part of the app is theirs."""

    Kind = UserKind

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAFF)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "admin site access",
        default=False,
        help_text="May sign in to the Django admin. Scheme roles are set by memberships.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    session_epoch = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by the database whenever the user loses access; every session they had ends.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            choices_constraint("kind", UserKind),
        ]
        # Losing access ends every session at once, however the change is made (admin, a service,
        # a bulk update or SQL): the epoch is part of the session hash that Django checks on each request.
        triggers = [
            pgtrigger.Trigger(
                name="end_sessions_on_lost_access",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                # A save from a stale copy of the row must never lower the epoch (and revive sessions).
                func="""
                    NEW.session_epoch := GREATEST(OLD.session_epoch, NEW.session_epoch);
                    IF (OLD.is_active AND NOT NEW.is_active)
                        OR (OLD.is_superuser AND NOT NEW.is_superuser)
                        OR (OLD.is_staff AND NOT NEW.is_staff)
                        OR OLD.kind IS DISTINCT FROM NEW.kind THEN
                        NEW.session_epoch := NEW.session_epoch + 1;
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret=None):
        # Django signs each session with this hash and ends the session when it no longer matches:
        # changing the password or raising `session_epoch` ends every session the user has.
        return salted_hmac(
            "sharedlives.accounts.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def _memberships(self) -> list[tuple[int, str, bool]]:
        if self.kind != self.Kind.STAFF or not self.pk:
            return []
        return list(self.memberships.values_list("scheme_id", "role", "is_safeguarding_lead"))

    @property
    def _roles(self) -> dict[int, str]:
        return {scheme_id: role for scheme_id, role, _lead in self._memberships}

    @property
    def staff_scheme_ids(self) -> list[int]:
        """Schemes this user works in as staff (coordinator or manager)."""
        return list(self._roles)

    @property
    def is_scheme_staff(self) -> bool:
        return bool(self._roles)

    def is_manager_of(self, scheme_id: int) -> bool:
        return self._roles.get(scheme_id) == SchemeMembership.Role.MANAGER

    @property
    def is_manager(self) -> bool:
        return SchemeMembership.Role.MANAGER in self._roles.values()

    @property
    def safeguarding_scheme_ids(self) -> list[int]:
        """Schemes where this user sees safeguarding concerns in full: as a manager or as a
        safeguarding lead the scheme has named."""
        return [
            scheme_id
            for scheme_id, role, lead in self._memberships
            if lead or role == SchemeMembership.Role.MANAGER
        ]

    def is_safeguarding_lead_of(self, scheme_id: int) -> bool:
        """Whether this user sees the detail of the scheme's safeguarding concerns."""
        return scheme_id in self.safeguarding_scheme_ids


@history.track()
class SchemeMembership(models.Model):
    """A staff member's role in one scheme."""

    Role = Role

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    is_safeguarding_lead = models.BooleanField(
        "Safeguarding lead",
        default=False,
        help_text="Sees safeguarding concerns in full, like managers. Other staff see only that one is open.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["scheme__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "scheme"], name="accounts_membership_unique"),
            choices_constraint("role", Role),
        ]
        # Removing a membership or changing its role ends the staff member's sessions at once.
        triggers = [
            pgtrigger.Trigger(
                name="end_sessions_on_removal",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                func="UPDATE accounts_user SET session_epoch = session_epoch + 1 WHERE id = OLD.user_id;"
                " RETURN NULL;",
            ),
            pgtrigger.Trigger(
                name="end_sessions_on_role_change",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "OLD.role IS DISTINCT FROM NEW.role"
                    " OR OLD.is_safeguarding_lead IS DISTINCT FROM NEW.is_safeguarding_lead"
                    " OR OLD.scheme_id IS DISTINCT FROM NEW.scheme_id"
                    " OR OLD.user_id IS DISTINCT FROM NEW.user_id"
                ),
                func="UPDATE accounts_user SET session_epoch = session_epoch + 1 WHERE id = OLD.user_id;"
                " RETURN NULL;",
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()} at {self.scheme}"


class InvitationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(scheme_id__in=user.staff_scheme_ids)


@history.track(exclude=["token_hash"])
class Invitation(models.Model):
    """A single-use, expiring link that lets an invited person set their password.

    Only a hash of the token is stored; the token itself is in the email alone.
    """

    Kind = InvitationKind

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("kind", InvitationKind),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="accounts_invitation_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="accounts_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"Invitation for {self.email} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("accounts:invitation_list")

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return self.status.capitalize()
