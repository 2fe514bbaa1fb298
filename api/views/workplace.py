"""The 工作台's to-dos, as counts with links, most urgent first (what the role's home shows)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from home.registries import collect_todos


class TodoSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField()
    urgency = serializers.ChoiceField(choices=["overdue", "today", "this_week", "later"])
    waiting = serializers.IntegerField()
    note = serializers.CharField()


class TodoView(APIView):
    """What waits for me today, from every part of the product."""

    @extend_schema(responses=TodoSerializer(many=True), tags=["workplace"])
    def get(self, request):
        todos = collect_todos(request.user, timezone.localdate())
        data = [{**t.__dict__, "urgency": t.urgency.name.lower()} for t in todos]
        return Response(TodoSerializer(data, many=True).data)
