"""Demo study library for ``manage.py seed_demo``: a members-only study index with five
published materials and a few study records. Idempotent: a second run changes nothing."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image

from branch.models import Employee

from .models import HomePage, StudyIndexPage, StudyMaterialPage, StudyMethod, StudyTopic
from .rights import branch_collection
from .services import study_index_secure, study_record_mark


def _banner_png() -> bytes:
    """A red banner with a gold five-pointed star, drawn without any font."""
    import math

    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (800, 300), (183, 28, 28))
    points = []
    for i in range(10):
        radius = 90 if i % 2 == 0 else 36
        angle = math.pi / 2 + i * math.pi / 5
        points.append((400 + radius * math.cos(angle), 150 - radius * math.sin(angle)))
    ImageDraw.Draw(picture).polygon(points, fill=(255, 213, 79))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def _well_control_pdf() -> bytes:
    """井控十条 as a one-page PDF (reportlab's built-in Chinese font STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("STSong-Light", 18)
    pdf.drawString(72, 770, "修井作业井控十条")
    pdf.setFont("STSong-Light", 12)
    for n, line in enumerate(WELL_CONTROL_RULES, start=1):
        pdf.drawString(72, 740 - n * 22, f"{n}. {line}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


WELL_CONTROL_RULES = [
    "开工前检查防喷器、旋塞阀和节流管汇",
    "起下管柱专人坐岗，观察液面变化",
    "发现溢流立即关井",
    "关井后及时报告带班干部和调度",
    "井控演练每月不少于一次",
]


def _study_files(branch) -> tuple[Image, Document]:
    collection = branch_collection(branch)
    image = Image.objects.filter(title="党旗与五角星").first()
    if image is None:
        image = Image.objects.create(
            title="党旗与五角星",
            collection=collection,
            file=ImageFile(io.BytesIO(_banner_png()), name="demo-star.png"),
        )
    document = Document.objects.filter(title="修井作业井控十条").first()
    if document is None:
        document = Document(title="修井作业井控十条", collection=collection)
        document.file.save("well-control-rules.pdf", ContentFile(_well_control_pdf()), save=False)
        document.save()
    return image, document


def _p(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _h(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "size": "h2"}}


def _points(*points: str) -> dict:
    return {"type": "key_points", "value": {"title": "要点", "points": list(points)}}


MATERIALS = [
    {
        "slug": "oath",
        "title": "重温入党誓词",
        "topic": "党章党规",
        "summary": "七一前，全体党员重温入党誓词，牢记初心使命。",
        "required_for_all": True,
        "teams": [],
        "body": [
            _h("入党誓词"),
            _p(
                "我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
                "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，"
                "随时准备为党和人民牺牲一切，永不叛党。"
            ),
            _h("怎么学"),
            _p("班组利用班前会集中诵读誓词，党员结合岗位谈一谈自己的承诺。"),
            _points("誓词全文会背诵", "结合岗位写一句承诺", "班前会集中诵读一次"),
        ],
    },
    {
        "slug": "well-control",
        "title": "井控安全操作要点",
        "topic": "安全生产",
        "summary": "修井作业井控十条，发现溢流立即关井。",
        "required_for_all": False,
        "teams": ["修井一班", "修井二班"],
        "body": [
            _h("为什么要抓井控"),
            _p(
                "井控是修井作业安全的头等大事。一旦发生井喷，人员伤亡、设备损坏、环境污染"
                "都会随之而来。零事故、零伤害、零污染，从每一次坐岗观察做起。"
            ),
            _h("操作要点"),
            _points(
                "开工前检查防喷器、旋塞阀和节流管汇",
                "起下管柱时专人坐岗，观察液面变化",
                "发现溢流立即按“四七动作”关井",
                "关井后及时向带班干部和调度报告",
            ),
            _p("安全生产人人有责，井控演练每月不少于一次。"),
        ],
    },
    {
        "slug": "iron-man",
        "title": "铁人王进喜精神",
        "topic": "形势任务",
        "summary": "“宁肯少活二十年，拼命也要拿下大油田”。",
        "required_for_all": True,
        "teams": [],
        "body": [
            _h("铁人的故事"),
            _p(
                "1960年，王进喜带领1205钻井队从玉门来到大庆参加石油大会战。钻机到了，"
                "吊车不够，他们人拉肩扛把钻机运到井场；打井缺水，他们破冰取水、端盆接水。"
            ),
            _h("今天怎么学铁人"),
            _points(
                "爱国：为祖国加油",
                "创业：有条件要上，没有条件创造条件也要上",
                "求实：干工作要经得起子孙万代检查",
                "奉献：甘当老黄牛",
            ),
        ],
    },
    {
        "slug": "situation",
        "title": "形势任务教育：稳油增气降成本",
        "topic": "形势任务",
        "summary": "油价波动下，作业大队如何提质增效。",
        "required_for_all": False,
        "teams": ["修井三班"],
        "body": [
            _h("当前形势"),
            _p("国际油价震荡，老油田产量递减，降本增效是全大队的共同任务。"),
            _h("我们的任务"),
            _p("缩短作业周期，减少返工，修旧利废；合理化建议和小改小革人人可以提。"),
            _points("一次作业成功率", "单井作业成本", "设备完好率"),
        ],
    },
    {
        "slug": "daily-drill",
        "title": "岗位技能 一日一练：油管丈量与记录",
        "topic": "岗位技能",
        "summary": "每天一练，练一项过一项。",
        "required_for_all": False,
        "teams": [],
        "body": [
            _h("练习内容"),
            _p("使用钢卷尺逐根丈量油管长度，读数精确到厘米，填写油管记录，累计误差不超过规定。"),
            _points("两人配合，一人读数一人记录", "丈量三遍取平均值", "记录字迹清楚，不得涂改"),
        ],
    },
]

MATERIALS += [
    {
        "slug": "sucker-rod",
        "title": "抽油机井管理：防止抽油杆断脱",
        "topic": "安全生产",
        "summary": "抽油杆断脱的原因和预防措施。",
        "required_for_all": False,
        "teams": ["修井一班"],
        "due_in": -3,
        "body": [
            _h("常见原因"),
            _p("防止抽油杆断脱，要控制冲次，定期检查光杆、悬绳器和扶正器，及时更换磨损的杆柱。"),
            _points("作业前核对杆柱组合", "上扣扭矩符合规定", "发现卡泵立即停机"),
        ],
    },
    {
        "slug": "party-life",
        "title": "三会一课与主题党日安排",
        "topic": "党章党规",
        "summary": "本季度三会一课和主题党日的安排，怎么参加、怎么记录。",
        "required_for_all": True,
        "teams": [],
        "due_in": 5,
        "body": [
            _p(
                "支部党员大会每季度召开一次，支委会每月召开一次，党小组会每月一次，党课每季度一次。"
            ),
            _p("主题党日每月固定一天，内容包括重温入党誓词、集中学习、志愿服务。"),
        ],
    },
]

DEMO_INTRO = "<p>支部学习资料：党章党规、形势任务、安全生产、岗位技能。学完请点“我已学习”。</p>"

RECORDS = [("W001", "oath", StudyMethod.SELF), ("W001", "iron-man", StudyMethod.SELF)]


@transaction.atomic
def seed(context: dict) -> None:
    branch = context["branch"]
    teams = context["teams"]
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    index = StudyIndexPage.objects.filter(branch=branch).first()
    if index is None:
        index = StudyIndexPage(
            title="学习园地",
            slug="study",
            branch=branch,
            intro=DEMO_INTRO,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    elif not index.intro:  # the library made when the branch was created (home.rights)
        index.intro = DEMO_INTRO
        index.save_revision().publish()
    study_index_secure(index=index)
    topics = {t.name: t for t in StudyTopic.objects.all()}
    image, document = _study_files(branch)
    extra = {
        "oath": [{"type": "image", "value": {"image": image.pk, "caption": "党旗在心中"}}],
        "well-control": [
            {"type": "document", "value": {"document": document.pk, "title": "修井作业井控十条"}}
        ],
    }
    pages = {}
    for item in MATERIALS:
        page = StudyMaterialPage.objects.child_of(index).filter(slug=item["slug"]).first()
        if page is None:
            page = StudyMaterialPage(
                title=item["title"],
                slug=item["slug"],
                topic=topics.get(item["topic"]),
                summary=item["summary"],
                required_for_all=item["required_for_all"],
                body=item["body"] + extra.get(item["slug"], []),
                due_on=(
                    timezone.localdate() + datetime.timedelta(days=item["due_in"])
                    if "due_in" in item
                    else None
                ),
            )
            page.required_teams.set([teams[name] for name in item["teams"] if name in teams])
            index.add_child(instance=page)
            page.save_revision().publish()
        pages[item["slug"]] = page
    people = {e.staff_no: e for e in Employee.objects.filter(branch=branch)}
    for staff_no, slug, method in RECORDS:
        if staff_no in people:
            study_record_mark(
                employee=people[staff_no], page=pages[slug], recorded_by=None, method=method
            )
    # A leader recorded a group reading of the well-control material for their team.
    leader = people.get("L001")
    if leader is not None and leader.team_id:
        for person in (
            Employee.objects.active().filter(team=leader.team_id).order_by("staff_no")[:4]
        ):
            study_record_mark(
                employee=person,
                page=pages["well-control"],
                recorded_by=leader.user,
                method=StudyMethod.MEETING,
            )
