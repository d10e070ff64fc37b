"""Pages for villages (and, later, teams, members, trainings and activity days)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from binhdan.access import communes_for, role_required, villages_for
from teams.forms import VillageForm
from teams.models import Role

VILLAGE_READERS = (Role.OFFICE, Role.LEADER, Role.LEADERSHIP)


@role_required(*VILLAGE_READERS)
def village_list(request):
    query = request.GET.get("q", "").strip()
    villages = villages_for(request.user).select_related("commune").search(query)
    page = Paginator(villages, 25).get_page(request.GET.get("page"))
    return render(request, "teams/village_list.html", {"page_obj": page, "query": query})


@role_required(*VILLAGE_READERS)
def village_detail(request, pk):
    village = get_object_or_404(villages_for(request.user).select_related("commune"), pk=pk)
    can_edit = villages_for(request.user, write=True).filter(pk=pk).exists()
    return render(request, "teams/village_detail.html", {"village": village, "can_edit": can_edit})


@role_required(Role.OFFICE)
def village_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("teams:village_list")
    form = VillageForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        village = form.save()
        messages.success(request, _("Village %(name)s was added.") % {"name": village.name})
        return redirect(village)
    return render(request, "teams/village_form.html", {"form": form})


@role_required(Role.OFFICE)
def village_edit(request, pk):
    village = get_object_or_404(villages_for(request.user, write=True), pk=pk)
    form = VillageForm(request.POST or None, instance=village, commune=village.commune)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(village)
    return render(request, "teams/village_form.html", {"form": form, "village": village})
