"""Forms of the adviser's side: the queue's filters and the review tools. Thin: they validate, the
services decide."""

from __future__ import annotations

from django import forms

from innovator_portal.forms.layout import fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin
from innovator_portal.forms.widgets import NHSRadioSelect

from ..framework.schema import Framework
from ..models import ProductType
from .consent import CONSENT
from .models import AdviserRating, DomainReview, MaturityJudgement, rating_needs_reason
from .workflow import ReviewStatus

SORTS = {
    "waiting": "Waiting longest first",
    "newest": "Date shared (newest first)",
    "oldest": "Date shared (oldest first)",
    "organisation": "Organisation (A to Z)",
    "stage": "Readiness stage (earliest first)",
}


class QueueFilterForm(PlainTextMixin, forms.Form):
    """The queue's filters, search and sort, sent with GET so that they work without JavaScript and
    can be bookmarked. Every field is optional; the choices of stage and weakest area come from the
    framework."""

    q = forms.CharField(
        label="Search by organisation or product",
        required=False,
        max_length=100,
        error_messages={"max_length": "Search must be 100 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Review status",
        required=False,
        choices=[("", "Any status"), *ReviewStatus.choices],
        error_messages={"invalid_choice": "Select a review status from the list"},
    )
    stage = forms.ChoiceField(
        label="Readiness stage",
        required=False,
        error_messages={"invalid_choice": "Select a readiness stage from the list"},
    )
    weakest = forms.ChoiceField(
        label="Weakest area",
        required=False,
        error_messages={"invalid_choice": "Select an area from the list"},
    )
    product_type = forms.ChoiceField(
        label="Product type",
        required=False,
        choices=[("", "Any product type"), *ProductType.choices],
        error_messages={"invalid_choice": "Select a product type from the list"},
    )
    assigned = forms.ChoiceField(
        label="Assigned to",
        required=False,
        choices=[
            ("", "Anyone or no one"),
            ("unassigned", "No one yet"),
            ("mine", "Me"),
            ("second_opinion", "Me, for a second opinion"),
        ],
        error_messages={"invalid_choice": "Select who the reviews are assigned to from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=list(SORTS.items()),
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        stage, weakest = self.fields["stage"], self.fields["weakest"]
        assert isinstance(stage, forms.ChoiceField)
        assert isinstance(weakest, forms.ChoiceField)
        stage.choices = [("", "Any stage"), *((s.key, s.title) for s in framework.stages)]
        weakest.choices = [("", "Any area"), *((d.key, d.title) for d in framework.domains)]
        self.helper = fields_only_helper()

    def filters(self) -> dict:
        """The valid filters, by name; empty ones are left out (so an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value.strip() for name, value in self.cleaned_data.items() if value and value.strip()}

    @property
    def active(self) -> bool:
        """Whether the list is narrowed by anything (sorting alone does not narrow it)."""
        return any(name != "sort" for name in self.filters())


NOT_REVIEWED = "not_reviewed"


def _rating(value):
    return value if value == NOT_REVIEWED else int(value)


class DomainReviewForm(PlainTextMixin, forms.Form):
    """An adviser's comment on one area, with their answer to whether it is ready for NHS adoption; anything
    but Yes needs to say what is not ready yet."""

    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the company does well in this area and what it should do next. The company sees this.",
        error_messages={"max_length": "Comment must be 5,000 characters or fewer"},
    )
    rating = forms.TypedChoiceField(
        label="Is this area ready for NHS adoption?",
        required=False,
        coerce=_rating,
        empty_value=None,
        choices=[
            *((str(value), label) for value, label in reversed(AdviserRating.choices)),
            (NOT_REVIEWED, "Not reviewed"),
            ("", "Not rated yet"),
        ],
        widget=NHSRadioSelect(inline=True),
        help_text="Your own view of this area. It is shown beside the computed score and never replaces it.",
        error_messages={"invalid_choice": "Select Yes, Partially, No or Not reviewed, or leave it not rated yet"},
    )
    rationale = forms.CharField(
        label="What is not ready yet",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you answer Partially or No, or to say why you have not reviewed the area.",
        error_messages={"max_length": "Rationale must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, domain_key: str, domain_title: str = "", review: DomainReview | None = None, **kwargs):
        if review is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "comment": review.comment,
                "rating": NOT_REVIEWED if review.not_reviewed else review.rating,
                "rationale": review.rationale,
            }
        # One form per area on the page: ids must differ, names stay the same for the endpoint.
        kwargs.setdefault("auto_id", f"id_{domain_key}_%s")
        super().__init__(*args, **kwargs)
        self.domain_key = domain_key
        if domain_title:
            # Several of these forms share a page: each label names its area.
            self.fields["comment"].label = f"Your comment on {domain_title}"
            self.fields["rating"].label = f"Is {domain_title} ready for NHS adoption?"
            self.fields["rationale"].label = f"What is not ready yet in {domain_title}"
        self.helper = fields_only_helper()

    def clean(self):
        cleaned = super().clean()
        rating = cleaned.get("rating")
        if not (cleaned.get("rationale") or "").strip():
            if rating == NOT_REVIEWED:
                self.add_error("rationale", "Say why you have not reviewed this area")
            elif rating_needs_reason(rating):
                self.add_error("rationale", "Say what is not ready yet")
        return cleaned


class ReviewForm(PlainTextMixin, forms.Form):
    """The whole review in one form: each area's comment, rating and rationale, the overall maturity judgement
    and the recommendation. One
    form, so that saving keeps everything typed on the page; the fields of an area are named after it
    (`<area>-comment`, `<area>-rating`, `<area>-rationale`)."""

    AREA_FIELDS = ("comment", "rating", "rationale")

    # What the review said when the page was drawn (services.review_revision).
    revision = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    maturity = forms.ChoiceField(
        label="How mature is the company, in your judgement? (optional)",
        required=False,
        choices=[*MaturityJudgement.choices, ("", "Not judged yet")],
        widget=NHSRadioSelect(
            hints={
                MaturityJudgement.EARLY: "It needs to build its evidence and the basics before the NHS can consider it.",
                MaturityJudgement.DEVELOPING: "The basics are there; it has gaps to close before a pilot.",
                MaturityJudgement.PILOT_READY: "It could start a first pilot with an NHS organisation.",
                MaturityJudgement.ADOPTION_READY: "An NHS buyer could adopt it for routine use.",
                MaturityJudgement.SCALE_READY: "It is ready to spread across many NHS organisations.",
            }
        ),
        help_text="Shown beside the computed readiness stage, which it never replaces.",
        error_messages={"invalid_choice": "Choose a maturity from the list, or not judged yet"},
    )
    recommendation = forms.CharField(
        label="Your overall recommendation",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text="What the company should do next, in order. The company sees this once you send your feedback.",
        error_messages={"max_length": "Recommendation must be 5,000 characters or fewer"},
    )

    def __init__(
        self,
        *args,
        domains,
        reviews: dict[str, DomainReview] | None = None,
        recommendation: str = "",
        maturity: str = "",
        revision: str = "",
        **kwargs,
    ):
        reviews = reviews or {}
        if "initial" not in kwargs:
            initial: dict[str, object] = {"recommendation": recommendation, "maturity": maturity, "revision": revision}
            for key, review in reviews.items():
                initial |= {
                    f"{key}-comment": review.comment,
                    f"{key}-rating": NOT_REVIEWED if review.not_reviewed else review.rating,
                    f"{key}-rationale": review.rationale,
                }
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.domains = [(domain.key, domain.title) for domain in domains]
        maturity_field = self.fields.pop("maturity")
        recommendation_field = self.fields.pop("recommendation")
        for key, title in self.domains:
            area = DomainReviewForm(domain_key=key, domain_title=title).fields
            # The page explains once what the fields are for; each area's fields keep only a short hint.
            area["comment"].help_text = "The company sees this."
            area["rating"].help_text = ""
            # Several areas share the form: each message names its area.
            area["comment"].error_messages["max_length"] = f"Your comment on {title} must be 5,000 characters or fewer"
            area["rating"].error_messages["invalid_choice"] = (
                f"Choose whether {title} is ready from the list, or leave it not rated yet"
            )
            area["rationale"].error_messages["max_length"] = (
                f"What is not ready yet in {title} must be 2,000 characters or fewer"
            )
            for name, field in area.items():
                self.fields[f"{key}-{name}"] = field
        self.fields["maturity"] = maturity_field
        self.fields["recommendation"] = recommendation_field
        self.helper = fields_only_helper()

    def area_fields(self, key: str) -> list:
        """The bound fields of one area, in the order they are shown."""
        return [self[f"{key}-{name}"] for name in self.AREA_FIELDS]

    def clean(self):
        cleaned = super().clean()
        for key, title in self.domains:
            rating = cleaned.get(f"{key}-rating")
            if not (cleaned.get(f"{key}-rationale") or "").strip():
                if rating == NOT_REVIEWED:
                    self.add_error(f"{key}-rationale", f"Say why you have not reviewed {title}")
                elif rating_needs_reason(rating):
                    label = AdviserRating(rating).label
                    self.add_error(f"{key}-rationale", f"Say what is not ready yet in {title}: you answered {label}")
        return cleaned

    def areas(self) -> dict[str, dict]:
        """The valid form's areas: key -> {"comment", "rating" (1 to 3 or None), "not_reviewed", "rationale"}."""
        areas = {}
        for key, _ in self.domains:
            rating = self.cleaned_data[f"{key}-rating"]
            areas[key] = {
                "comment": self.cleaned_data[f"{key}-comment"],
                "rating": None if rating == NOT_REVIEWED else rating,
                "not_reviewed": rating == NOT_REVIEWED,
                "rationale": self.cleaned_data[f"{key}-rationale"],
            }
        return areas


NOTE_LABELS: dict[str, str] = {
    ReviewStatus.IN_REVIEW: "Note as you start the review (optional)",
    ReviewStatus.FEEDBACK_SENT: "Note to send with your feedback (optional)",
    ReviewStatus.CHANGES_REQUESTED: "What the company should change (optional)",
}


class TransitionForm(PlainTextMixin, forms.Form):
    """One move of the review, with an optional note kept in its history. Whether the move is allowed
    is the workflow's decision (services.review_transition), not the form's."""

    to_status = forms.ChoiceField(
        choices=ReviewStatus.choices,
        widget=forms.HiddenInput,
        error_messages={"required": "Choose what to do with the review", "invalid_choice": "Choose a review status"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the review's history. The company sees it.",
        error_messages={"max_length": "Note must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, to_status: str | None = None, **kwargs):
        if to_status is not None:
            kwargs.setdefault("initial", {})["to_status"] = to_status
            kwargs.setdefault("auto_id", f"id_{to_status}_%s")
        super().__init__(*args, **kwargs)
        # Each move has its own form on the page: its label says which move the note goes with.
        if to_status in NOTE_LABELS:
            self.fields["note"].label = NOTE_LABELS[to_status]
        self.helper = fields_only_helper()

    def clean(self):
        cleaned = super().clean()
        # The status is a hidden field: its error belongs to the form, not to a field nobody can see.
        if "to_status" in self._errors:
            self.add_error(None, list(self._errors.pop("to_status")))
        return cleaned


class AssignForm(PlainTextMixin, forms.Form):
    """Who to assign a review to: an adviser of its network. Whether they can be is the service's decision."""

    assignee = forms.TypedChoiceField(
        label="Assign to",
        coerce=int,
        error_messages={
            "required": "Choose an adviser to assign the review to",
            "invalid_choice": "Choose an adviser of your network from the list",
        },
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisers = {user.pk: user for user in advisers}
        self.fields["assignee"].choices = [
            (pk, user.get_full_name() or user.email) for pk, user in self.advisers.items()
        ]
        self.helper = fields_only_helper()

    @property
    def chosen(self):
        """The adviser chosen, once the form is valid."""
        return self.advisers[self.cleaned_data["assignee"]]


class SendForm(PlainTextMixin, forms.Form):
    """How to send the review to the company, with the note that goes at the top of it and in the email.
    Whether it can be sent is the service's decision (services.feedback_send), not the form's."""

    to_status = forms.ChoiceField(
        label="What do you want to send?",
        choices=[
            (ReviewStatus.FEEDBACK_SENT, "Feedback"),
            (ReviewStatus.CHANGES_REQUESTED, "A request for changes"),
        ],
        widget=NHSRadioSelect(
            hints={
                ReviewStatus.FEEDBACK_SENT: "The review is finished; the company reads your feedback.",
                ReviewStatus.CHANGES_REQUESTED: (
                    "The company is asked to take the assessment again with the changes, and share the new version."
                ),
            }
        ),
        error_messages={
            "required": "Choose whether to send feedback or a request for changes",
            "invalid_choice": "Choose whether to send feedback or a request for changes",
        },
    )
    note = forms.CharField(
        label="Note to send with it (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The company sees it at the top of your feedback and in the email. It is kept in the review's history.",
        error_messages={"max_length": "Note must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()


class ShareForm(PlainTextMixin, forms.Form):
    """The company's choice of network and its agreement to the consent statement. Whether the assessment
    can be shared is the service's decision (services.share_create), not the form's."""

    hin = forms.TypedChoiceField(
        label="Which Health Innovation Network do you want to share it with?",
        coerce=int,
        widget=NHSRadioSelect,
        error_messages={
            "required": "Select the Health Innovation Network to share it with",
            "invalid_choice": "Select one of the Health Innovation Networks listed",
        },
    )
    consent = forms.BooleanField(
        label=CONSENT.agreement,
        error_messages={"required": "Confirm that you agree to share this assessment"},
    )

    def __init__(self, *args, hins, suggested=None, suggested_reason: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        hins = list(hins)
        if suggested is not None:
            # The suggestion comes first, so nobody has to read fourteen others to find it.
            hins = [suggested, *(hin for hin in hins if hin.pk != suggested.pk)]
        self.hins = {hin.pk: hin for hin in hins}
        hin_field = self.fields["hin"]
        assert isinstance(hin_field, forms.TypedChoiceField)
        hin_field.choices = [(hin.pk, hin.name) for hin in hins]
        hints = {hin.pk: f"Serves {hin.area_in_sentence}." for hin in hins}
        if suggested is not None:
            hints[suggested.pk] = " ".join(
                filter(None, ["Suggested.", suggested_reason, f"Serves {suggested.area_in_sentence}."])
            )
        self.fields["hin"].widget.hints = hints
        self.helper = fields_only_helper()

    @property
    def chosen_hin(self):
        """The network chosen, once the form is valid."""
        return self.hins[self.cleaned_data["hin"]]


class SecondOpinionRequestForm(PlainTextMixin, forms.Form):
    """Which colleague to ask for a second opinion, from the advisers of the share's network, and a note for
    them. Whether they can be asked is the permissions' decision (permissions.can_request_second_opinion)."""

    colleague = forms.TypedChoiceField(
        label="Which colleague do you want to ask?",
        coerce=int,
        error_messages={
            "required": "Choose a colleague to ask for a second opinion",
            "invalid_choice": "Choose a colleague of your network from the list",
        },
    )
    note = forms.CharField(
        label="Note to your colleague (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, which areas you would most like them to look at. The company does not see it.",
        error_messages={"max_length": "Note to your colleague must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.colleagues = {user.pk: user for user in colleagues}
        colleague = self.fields["colleague"]
        assert isinstance(colleague, forms.TypedChoiceField)
        colleague.choices = [
            ("", "Choose a colleague"),
            *((pk, user.get_full_name() or user.email) for pk, user in self.colleagues.items()),
        ]
        self.helper = fields_only_helper()

    @property
    def chosen(self):
        """The colleague chosen, once the form is valid."""
        return self.colleagues[self.cleaned_data["colleague"]]


class SecondOpinionForm(PlainTextMixin, forms.Form):
    """A colleague's second opinion: for every area, whether it is ready for NHS adoption, with what is not
    ready yet for anything but Yes. Fields are named after their area (`<area>-rating`, `<area>-comment`)."""

    def __init__(self, *args, domains, areas=None, **kwargs):
        if "initial" not in kwargs and areas:
            kwargs["initial"] = {
                **{f"{area.domain_key}-rating": area.rating for area in areas},
                **{f"{area.domain_key}-comment": area.comment for area in areas},
            }
        super().__init__(*args, **kwargs)
        self.domains = [(domain.key, domain.title) for domain in domains]
        for key, title in self.domains:
            self.fields[f"{key}-rating"] = forms.TypedChoiceField(
                label=f"Is {title} ready for NHS adoption?",
                coerce=int,
                choices=[(str(value), label) for value, label in reversed(AdviserRating.choices)],
                widget=NHSRadioSelect(inline=True),
                error_messages={
                    "required": f"Answer whether {title} is ready for NHS adoption",
                    "invalid_choice": f"Choose Yes, Partially or No for {title}",
                },
            )
            self.fields[f"{key}-comment"] = forms.CharField(
                label=f"What is not ready yet in {title}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Needed when you answer Partially or No.",
                error_messages={"max_length": f"What is not ready yet in {title} must be 2,000 characters or fewer"},
            )
        self.helper = fields_only_helper()

    def area_fields(self, key: str) -> list:
        return [self[f"{key}-rating"], self[f"{key}-comment"]]

    def clean(self):
        cleaned = super().clean()
        for key, title in self.domains:
            rating = cleaned.get(f"{key}-rating")
            if rating_needs_reason(rating) and not (cleaned.get(f"{key}-comment") or "").strip():
                label = AdviserRating(rating).label
                self.add_error(f"{key}-comment", f"Say what is not ready yet in {title}: you answered {label}")
        return cleaned

    def areas(self) -> dict[str, dict]:
        """The valid form's areas: key -> {"rating", "comment"}."""
        return {
            key: {"rating": self.cleaned_data[f"{key}-rating"], "comment": self.cleaned_data[f"{key}-comment"]}
            for key, _ in self.domains
        }
