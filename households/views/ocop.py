"""OCOP products of the commune and the e-commerce platforms they are listed on (K9)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, communes_for, get_for_change
from households.forms import OcopProductForm
from households.models import OcopProduct
from households.services import delete_ocop_product, save_ocop_product

C = Capability


@capability_required(C.VIEW_OCOP)
def ocop_list(request):
    products = (
        OcopProduct.objects.for_user(request.user)
        .select_related("village")
        .prefetch_related("listed_on")
    )
    return render(
        request,
        "households/ocop_list.html",
        {"products": products, "can_manage": can(request.user, C.MANAGE_OCOP)},
    )


def _form_page(request, form, product=None):
    if request.method == "POST" and form.is_valid():
        save_ocop_product(
            form.save(commit=False), request.user, listed_on=form.cleaned_data["listed_on"]
        )
        messages.success(request, _("The OCOP product was saved."))
        return redirect("households:ocop_list")
    return render(request, "households/ocop_form.html", {"form": form, "product": product})


@capability_required(C.MANAGE_OCOP)
def ocop_create(request):
    commune = communes_for(request.user).first()
    if commune is None:
        return redirect("households:ocop_list")
    return _form_page(request, OcopProductForm(request.POST or None, commune=commune))


@capability_required(C.MANAGE_OCOP)
def ocop_edit(request, pk):
    product = get_for_change(request, OcopProduct, C.MANAGE_OCOP, pk=pk)
    form = OcopProductForm(request.POST or None, instance=product, commune=product.commune)
    return _form_page(request, form, product)


@capability_required(C.MANAGE_OCOP)
def ocop_delete(request, pk):
    product = get_for_change(request, OcopProduct, C.MANAGE_OCOP, pk=pk)
    if request.method == "POST":
        delete_ocop_product(product, request.user)
        messages.success(request, _("The OCOP product was deleted."))
        return redirect("households:ocop_list")
    return render(
        request,
        "households/confirm_delete.html",
        {"object": product, "cancel_url": reverse("households:ocop_list")},
    )
