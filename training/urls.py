from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("exams/<int:pk>/", views.exam_take, name="exam_take"),
    path("exams/<int:pk>/paper/", views.exam_paper_scores, name="exam_paper_scores"),
    path("questions/import/", views.question_import, name="question_import"),
    path("report/", views.report, name="report"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("contests/<int:pk>/", views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/manage/", views.contest_manage, name="contest_manage"),
    path("contests/new/", views.contest_create, name="contest_create"),
    path("exams/new/", views.exam_create, name="exam_create"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
]
