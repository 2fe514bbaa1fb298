from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.index, name="index"),
    path("birthdays/", views.birthday_list, name="birthday_list"),
    path("greetings/", views.greeting_list, name="greeting_list"),
    path("greetings/<int:pk>/", views.greeting_card, name="greeting_card"),
    path("greetings/<int:pk>/passed-on/", views.greeting_pass_on, name="greeting_pass_on"),
    path("settings/", views.care_settings, name="settings"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_edit, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/report/", views.campaign_report, name="campaign_report"),
    path("campaigns/<int:pk>/ledger.xlsx", views.campaign_ledger, name="campaign_ledger"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        views.case_attachment,
        name="case_attachment",
    ),
    path("questions/", views.question_list, name="question_list"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("faq/", views.faq, name="faq"),
    path("praise/", views.praise_wall, name="praise_wall"),
    path("praise/new/", views.praise_new, name="praise_new"),
    path("praise/review/", views.praise_review, name="praise_review"),
    path("praise/<int:pk>/feature/", views.praise_feature, name="praise_feature"),
    path("praise/<int:pk>/photo/", views.praise_photo, name="praise_photo"),
    path("talks/", views.talk_list, name="talk_list"),
    path("talks/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("mediations/", views.mediation_list, name="mediation_list"),
    path("mediations/new/", views.mediation_create, name="mediation_create"),
    path("mediations/<int:pk>/", views.mediation_detail, name="mediation_detail"),
    path("feed/", views.feed_manage, name="feed_manage"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
