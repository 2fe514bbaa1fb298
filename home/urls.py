from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.me, name="me"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("workplace/", views.workplace, name="workplace"),
    path("more/", views.more, name="more"),
    path("study/", views.study_list, name="study_list"),
    path("study/search/", views.study_search, name="study_search"),
    path("study/report/", views.study_report, name="study_report"),
    path("study/<int:page_id>/done/", views.study_done, name="study_done"),
    path("study/<int:page_id>/attendance/", views.study_attendance, name="study_attendance"),
    path("study/<int:page_id>/report/", views.study_material_report, name="study_material_report"),
]
