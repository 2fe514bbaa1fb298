from django.urls import path

from . import views

app_name = "partylife"
urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/lock/", views.meeting_lock, name="meeting_lock"),
    path("meetings/<int:pk>/unlock/", views.meeting_unlock, name="meeting_unlock"),
    path("meetings/<int:pk>/files/", views.meeting_file_upload, name="meeting_file_upload"),
    path("meetings/<int:pk>/files/<int:file_id>/", views.meeting_file, name="meeting_file"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance/requirements/", views.requirements_view, name="requirements"),
    path("development/", views.development_list, name="development_list"),
    path("development/<int:pk>/", views.development_detail, name="development_detail"),
    path("dues/", views.dues_sheet, name="dues_sheet"),
    path("dues/year/", views.dues_year, name="dues_year"),
    path("dues/rates/", views.dues_rates, name="dues_rates"),
    path("posts/", views.post_list, name="post_list"),
]
