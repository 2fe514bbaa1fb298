from django.urls import path

from . import views
from .ledger import views as ledger_views

app_name = "home"
urlpatterns = [
    path("", views.me, name="me"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("ledger/<int:pk>/docx/", ledger_views.ledger_docx, name="ledger_docx"),
    path("ledger/<int:pk>/pdf/", ledger_views.ledger_pdf, name="ledger_pdf"),
    path("workplace/", views.workplace, name="workplace"),
    path("more/", views.more, name="more"),
    path("study/", views.study_list, name="study_list"),
    path("study/search/", views.study_search, name="study_search"),
    path("study/report/", views.study_report, name="study_report"),
    path("study/stragglers/", views.study_stragglers, name="study_stragglers"),
    path("study/<int:page_id>/done/", views.study_done, name="study_done"),
    path("study/<int:page_id>/attendance/", views.study_attendance, name="study_attendance"),
    path("study/<int:page_id>/report/", views.study_material_report, name="study_material_report"),
]
