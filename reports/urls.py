from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("chi-so/thon/<int:pk>/", views.village_kpis, name="village"),
    path("chi-so/to-xa/", views.commune_team_kpis, name="commune_team"),
    path("chi-so/to-vien/<int:pk>/", views.member_detail, name="member"),
]
