from django.urls import path

from reports import views, views_awards

app_name = "reports"

urlpatterns = [
    path("chi-so/thon/<int:pk>/", views.village_kpis, name="village"),
    path("chi-so/to-xa/", views.commune_team_kpis, name="commune_team"),
    path("chi-so/to-vien/<int:pk>/", views.member_detail, name="member"),
    # --- year review (sơ kết) and emulation nominations (thi đua) ---
    path("so-ket/", views_awards.year_review, name="year_review"),
    path("so-ket/excel/", views_awards.year_review_export, name="year_review_export"),
    path("thi-dua/", views_awards.nomination_list, name="nomination_list"),
    path("thi-dua/goi-y/", views_awards.nomination_suggestions, name="nomination_suggestions"),
    path("thi-dua/de-cu/moi/", views_awards.nomination_create, name="nomination_create"),
    path("thi-dua/de-cu/<int:pk>/sua/", views_awards.nomination_edit, name="nomination_edit"),
    path(
        "thi-dua/de-cu/<int:pk>/gui-so/", views_awards.nomination_submit, name="nomination_submit"
    ),
    path(
        "thi-dua/de-cu/<int:pk>/rut/", views_awards.nomination_withdraw, name="nomination_withdraw"
    ),
]
