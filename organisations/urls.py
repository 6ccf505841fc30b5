from django.urls import path

from organisations import views

urlpatterns = [
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
