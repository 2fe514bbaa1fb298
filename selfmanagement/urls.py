from django.urls import path

from . import views

app_name = "selfmanagement"
urlpatterns = [
    path("", views.economics, name="economics"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("items/", views.items, name="items"),
    path("analyses/", views.analysis_list, name="analysis_list"),
    path("analyses/new/<int:team_id>/", views.analysis_new, name="analysis_new"),
]
