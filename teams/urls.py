from django.urls import path

from teams import views, views_members, views_trainings

app_name = "teams"

urlpatterns = [
    path("thon/", views.village_list, name="village_list"),
    path("thon/them/", views.village_create, name="village_create"),
    path("thon/<int:pk>/", views.village_detail, name="village_detail"),
    path("thon/<int:pk>/sua/", views.village_edit, name="village_edit"),
    # Teams and the role catalogue
    path("to/", views.team_list, name="team_list"),
    path("to/them/", views.team_create, name="team_create"),
    path("to/<int:pk>/", views.team_detail, name="team_detail"),
    path("to/<int:pk>/sua/", views.team_edit, name="team_edit"),
    path("vai-tro/", views.role_list, name="role_list"),
    path("vai-tro/them/", views.role_create, name="role_create"),
    path("vai-tro/<int:pk>/sua/", views.role_edit, name="role_edit"),
    # Members
    path("to-vien/", views_members.member_list, name="member_list"),
    path("to-vien/xuat-excel/", views_members.member_export, name="member_export"),
    path(
        "to-vien/mau-nhap.xlsx", views_members.member_import_template, name="member_import_template"
    ),
    path("to/<int:team_pk>/them-to-vien/", views_members.member_create, name="member_create"),
    path("to/<int:team_pk>/nhap-excel/", views_members.member_import, name="member_import"),
    path(
        "to/nhap-excel/<uuid:pk>/",
        views_members.member_import_preview,
        name="member_import_preview",
    ),
    path("to-vien/<int:pk>/sua/", views_members.member_edit, name="member_edit"),
    path("to-vien/<int:pk>/roi-to/", views_members.member_deactivate, name="member_deactivate"),
    path(
        "to-vien/<int:pk>/to-truong/", views_members.member_make_leader, name="member_make_leader"
    ),
    # Trainings and activity days
    path("tap-huan/", views_trainings.training_list, name="training_list"),
    path("tap-huan/them/", views_trainings.training_create, name="training_create"),
    path("tap-huan/<int:pk>/sua/", views_trainings.training_edit, name="training_edit"),
    path("to/<int:team_pk>/ngay-hoat-dong/", views_trainings.activity_list, name="activity_list"),
    path(
        "to/<int:team_pk>/ngay-hoat-dong/them/",
        views_trainings.activity_create,
        name="activity_create",
    ),
    path("ngay-hoat-dong/<int:pk>/sua/", views_trainings.activity_edit, name="activity_edit"),
]
