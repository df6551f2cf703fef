from django import forms

from innovator_portal.forms.layout import Field, fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin

from .models import Feedback, Satisfaction

IMPROVEMENT_MAX = Feedback._meta.get_field("improvement").max_length
_page_max = Feedback._meta.get_field("page").max_length
assert _page_max is not None  # a CharField always has one
PAGE_MAX: int = _page_max


def local_path(value: str) -> str:
    """The path of a page of this site, or "" for anything else (another site, a scheme, a mangled value)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > PAGE_MAX:
        return ""
    if any(char.isspace() or ord(char) < 32 for char in value):
        return ""
    return value


class FeedbackForm(PlainTextMixin, forms.Form):
    satisfaction = forms.ChoiceField(
        label="Overall, how do you feel about the service you used today?",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how you feel about the service",
            "invalid_choice": "Select how you feel about the service",
        },
    )
    improvement = forms.CharField(
        label="How could we improve this service?",
        help_text="Do not include personal or financial information, or anything about patients.",
        max_length=IMPROVEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter how we could improve this service",
            "max_length": f"How we could improve this service must be {IMPROVEMENT_MAX:,} characters or fewer",
        },
    )
    reply_email = forms.EmailField(
        label="Email address (optional)",
        help_text="Give your email address only if you would like a reply.",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    page = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field("satisfaction", label_size="m"),
            Field("improvement", label_size="m"),
            Field("reply_email", label_size="m"),
            "page",
        )
        self.helper.disable_csrf = True  # the page's <form> has the token
        # A hidden field the person never typed in: whatever it holds is cleaned to a path or dropped, not refused.
        self.fields["page"].validators = []

    def clean_page(self):
        # Where the person came from is a help to us, never a reason to refuse their feedback.
        return local_path(self.cleaned_data.get("page", ""))
