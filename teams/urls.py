from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("thon/", views.village_list, name="village_list"),
    path("thon/them/", views.village_create, name="village_create"),
    path("thon/<int:pk>/", views.village_detail, name="village_detail"),
    path("thon/<int:pk>/sua/", views.village_edit, name="village_edit"),
]
