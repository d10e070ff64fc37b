from django.urls import path

from teams.views import accounts, allowances, members, teams, trainings

app_name = "teams"

urlpatterns = [
    path("thon/", teams.village_list, name="village_list"),
    path("thon/them/", teams.village_create, name="village_create"),
    path("thon/<int:pk>/", teams.village_detail, name="village_detail"),
    path("thon/<int:pk>/sua/", teams.village_edit, name="village_edit"),
    # Teams and the role catalogue
    path("to/", teams.team_list, name="team_list"),
    path("to/them/", teams.team_create, name="team_create"),
    path("to/<int:pk>/", teams.team_detail, name="team_detail"),
    path("to/<int:pk>/sua/", teams.team_edit, name="team_edit"),
    path("mien-ky-nang-so/", teams.skill_area_list, name="skill_area_list"),
    path("mien-ky-nang-so/them/", teams.skill_area_create, name="skill_area_create"),
    path("mien-ky-nang-so/<int:pk>/sua/", teams.skill_area_edit, name="skill_area_edit"),
    path("vai-tro/", teams.role_list, name="role_list"),
    path("vai-tro/them/", teams.role_create, name="role_create"),
    path("vai-tro/<int:pk>/sua/", teams.role_edit, name="role_edit"),
    # Members
    path("to-vien/", members.member_list, name="member_list"),
    path("to-vien/xuat-excel/", members.member_export, name="member_export"),
    path("to-vien/mau-nhap.xlsx", members.member_import_template, name="member_import_template"),
    path("to/<int:team_pk>/them-to-vien/", members.member_create, name="member_create"),
    path("to/<int:team_pk>/nhap-excel/", members.member_import, name="member_import"),
    path(
        "to/nhap-excel/<uuid:pk>/",
        members.member_import_preview,
        name="member_import_preview",
    ),
    path("to-vien/<int:pk>/sua/", members.member_edit, name="member_edit"),
    path("to-vien/<int:pk>/roi-to/", members.member_deactivate, name="member_deactivate"),
    path("to-vien/<int:pk>/to-truong/", members.member_make_leader, name="member_make_leader"),
    # Trainings and activity days
    path("tap-huan/", trainings.training_list, name="training_list"),
    path("tap-huan/them/", trainings.training_create, name="training_create"),
    path("tap-huan/<int:pk>/sua/", trainings.training_edit, name="training_edit"),
    path("to/<int:team_pk>/ngay-hoat-dong/", trainings.activity_list, name="activity_list"),
    path(
        "to/<int:team_pk>/ngay-hoat-dong/them/",
        trainings.activity_create,
        name="activity_create",
    ),
    path("ngay-hoat-dong/<int:pk>/sua/", trainings.activity_edit, name="activity_edit"),
    # Log-in accounts
    path("tai-khoan/", accounts.account_list, name="account_list"),
    path("tai-khoan/them/", accounts.account_create, name="account_create"),
    path("tai-khoan/nhat-ky/", accounts.account_log, name="account_log"),
    path("tai-khoan/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("tai-khoan/<int:pk>/mat-khau-tam/", accounts.account_password, name="account_password"),
    path("tai-khoan/<int:pk>/mo-khoa/", accounts.account_unlock, name="account_unlock"),
    path(
        "tai-khoan/<int:pk>/ngung-su-dung/",
        accounts.account_deactivate,
        name="account_deactivate",
    ),
    path("tai-khoan/<int:pk>/dung-lai/", accounts.account_reactivate, name="account_reactivate"),
]

# Allowances (chế độ hỗ trợ): the month's schedule, its lock, the payment list, the rules
urlpatterns += [
    path("che-do-ho-tro/", allowances.allowance_month, name="allowance_month"),
    path(
        "che-do-ho-tro/<int:year>/<int:month>/chot/",
        allowances.allowance_lock,
        name="allowance_lock",
    ),
    path(
        "che-do-ho-tro/<int:year>/<int:month>/mo-khoa/",
        allowances.allowance_unlock,
        name="allowance_unlock",
    ),
    path(
        "che-do-ho-tro/<int:year>/<int:month>/bang-ke.<str:fmt>",
        allowances.allowance_file,
        name="allowance_file",
    ),
    path("che-do-ho-tro/quy-dinh/", allowances.allowance_rule_list, name="allowance_rule_list"),
    path(
        "che-do-ho-tro/quy-dinh/them/",
        allowances.allowance_rule_create,
        name="allowance_rule_create",
    ),
    path(
        "che-do-ho-tro/quy-dinh/<int:pk>/sua/",
        allowances.allowance_rule_edit,
        name="allowance_rule_edit",
    ),
]
