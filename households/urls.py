from django.urls import path

from households.views import (
    catalogues,
    communication,
    history,
    imports,
    ocop,
    offline,
    registry,
    visits,
)

app_name = "households"

urlpatterns = [
    path("ho-dan/", registry.household_list, name="household_list"),
    path("ho-dan/them/", registry.household_create, name="household_create"),
    path("ho-dan/phan-cong/", registry.household_assign, name="household_assign"),
    path("ho-dan/xuat-excel/", registry.household_export, name="household_export"),
    path("ho-dan/nhap-excel/", imports.household_import, name="household_import"),
    path("ho-dan/nhap-excel/mau/", imports.household_import_template, name="household_template"),
    path(
        "ho-dan/nhap-excel/<uuid:pk>/",
        imports.household_import_preview,
        name="household_import_preview",
    ),
    path("ho-dan/tim/", registry.household_search, name="household_search"),
    path("ho-dan/vneid-chua-kich-hoat/", registry.vneid_follow_up, name="vneid_follow_up"),
    path("ho-dan/<int:pk>/", registry.household_detail, name="household_detail"),
    path("ho-dan/<int:pk>/sua/", registry.household_edit, name="household_edit"),
    path("ho-dan/<int:pk>/xoa/", registry.household_delete, name="household_delete"),
    path("ho-dan/<int:pk>/lich-su/", history.household_history, name="household_history"),
    path("lich-su-thay-doi/", history.change_log, name="change_log"),
    path("luot-ho-tro/", visits.visit_list, name="visit_list"),
    path("luot-ho-tro/them/", visits.visit_create, name="visit_create"),
    path("luot-ho-tro/thanh-vien/", visits.visit_members, name="visit_members"),
    path("luot-ho-tro/xuat-excel/", visits.visit_export, name="visit_export"),
    # Field work without a signal: what the phone keeps, and where its outbox sends visits
    path("luot-ho-tro/du-lieu-ngoai-tuyen/", offline.offline_data, name="visit_offline_data"),
    path("luot-ho-tro/dong-bo/", offline.visit_sync, name="visit_sync"),
    path("luot-ho-tro/<int:pk>/sua/", visits.visit_edit, name="visit_edit"),
    path("luot-ho-tro/<int:pk>/xoa/", visits.visit_delete, name="visit_delete"),
    path("luot-ho-tro/<int:pk>/lich-su/", history.visit_history, name="visit_history"),
    path("tuyen-truyen/", communication.communication_list, name="communication_list"),
    path("tuyen-truyen/them/", communication.communication_create, name="communication_create"),
    path(
        "tuyen-truyen/tim-ho-dan/",
        communication.communication_household_search,
        name="communication_household_search",
    ),
    path("tuyen-truyen/<int:pk>/sua/", communication.communication_edit, name="communication_edit"),
    path(
        "tuyen-truyen/<int:pk>/xoa/",
        communication.communication_delete,
        name="communication_delete",
    ),
    path("ocop/", ocop.ocop_list, name="ocop_list"),
    path("ocop/them/", ocop.ocop_create, name="ocop_create"),
    path("ocop/<int:pk>/sua/", ocop.ocop_edit, name="ocop_edit"),
    path("ocop/<int:pk>/xoa/", ocop.ocop_delete, name="ocop_delete"),
    # The catalogues the commune office keeps
    path("nen-tang/", catalogues.platform_list, name="platform_list"),
    path("nen-tang/them/", catalogues.platform_create, name="platform_create"),
    path("nen-tang/<int:pk>/sua/", catalogues.platform_edit, name="platform_edit"),
    path("noi-dung-ho-tro/", catalogues.support_type_list, name="support_type_list"),
    path("noi-dung-ho-tro/them/", catalogues.support_type_create, name="support_type_create"),
    path("noi-dung-ho-tro/<int:pk>/sua/", catalogues.support_type_edit, name="support_type_edit"),
]
