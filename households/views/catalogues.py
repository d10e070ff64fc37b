"""The catalogues the commune office keeps: digital platforms (nền tảng số) and kinds of
support (nội dung hỗ trợ). Like the role catalogue, entries are never deleted here: one in
use by households or visits is protected, and "in use" stops offering it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from binhdan.access import Capability, capability_required, communes_for
from binhdan.forms import save_or_explain
from households.forms_catalogues import PlatformForm, SupportTypeForm
from households.models import Platform, SupportType
from households.services import save_platform, save_support_type

# --- Digital platforms --------------------------------------------------------------------


@capability_required(Capability.MANAGE_CATALOGUES)
def platform_list(request):
    platforms = Platform.objects.with_usage(request.user)
    return render(request, "households/platform_list.html", {"platforms": platforms})


@capability_required(Capability.MANAGE_CATALOGUES)
def platform_create(request):
    commune = communes_for(request.user).first()  # the office's own
    if commune is None:
        return redirect("households:platform_list")
    form = PlatformForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        platform = save_or_explain(
            form, lambda: save_platform(form.save(commit=False), request.user)
        )
        if platform is not None:
            messages.success(
                request, _("Digital platform %(name)s was added.") % {"name": platform.name}
            )
            return redirect("households:platform_list")
    return render(request, "households/platform_form.html", {"form": form})


@capability_required(Capability.MANAGE_CATALOGUES)
def platform_edit(request, pk):
    platform = get_object_or_404(Platform.objects.with_usage(request.user), pk=pk)
    form = PlatformForm(request.POST or None, instance=platform, commune=platform.commune)
    # May recount K8 everywhere.
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(form, lambda: save_platform(form.save(commit=False), request.user))
    ):
        messages.success(request, _("Changes saved."))
        return redirect("households:platform_list")
    return render(request, "households/platform_form.html", {"form": form, "platform": platform})


# --- Kinds of support ---------------------------------------------------------------------


@capability_required(Capability.MANAGE_CATALOGUES)
def support_type_list(request):
    support_types = SupportType.objects.with_usage(request.user)
    return render(request, "households/support_type_list.html", {"support_types": support_types})


@capability_required(Capability.MANAGE_CATALOGUES)
def support_type_create(request):
    commune = communes_for(request.user).first()  # the office's own
    if commune is None:
        return redirect("households:support_type_list")
    form = SupportTypeForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        support_type = save_or_explain(
            form, lambda: save_support_type(form.save(commit=False), request.user)
        )
        if support_type is not None:
            messages.success(
                request, _("Kind of support %(name)s was added.") % {"name": support_type.name}
            )
            return redirect("households:support_type_list")
    return render(request, "households/support_type_form.html", {"form": form})


@capability_required(Capability.MANAGE_CATALOGUES)
def support_type_edit(request, pk):
    support_type = get_object_or_404(SupportType.objects.with_usage(request.user), pk=pk)
    form = SupportTypeForm(
        request.POST or None, instance=support_type, commune=support_type.commune
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_explain(form, lambda: save_support_type(form.save(commit=False), request.user))
    ):
        messages.success(request, _("Changes saved."))
        return redirect("households:support_type_list")
    return render(
        request,
        "households/support_type_form.html",
        {"form": form, "support_type": support_type},
    )
