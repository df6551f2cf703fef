from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from innovator_portal.accounts.decorators import founder_required

from . import selectors, services
from .forms import OrganisationForm
from .models import Organisation


@founder_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(founder=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{organisation.name} has been added.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(request, "pages/organisations/form.html", {"form": form, "creating": True})


@founder_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "pages/organisations/detail.html",
        {"organisation": organisation, "members": selectors.organisation_members(organisation=organisation)},
    )


@founder_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your organisation's details have been saved.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "pages/organisations/form.html", {"form": form, "organisation": organisation, "creating": False}
    )
