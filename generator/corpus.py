"""A synthetic archive in our own format, for benchmarks and scale tests.

``make bench`` needs thousands of notices that look like the real ones to the
pipeline: Chinese text of realistic length (about 7 KB a file), headings,
bold paragraph leads, the ``[[actions]]`` placeholder, an occasional table,
joint actions from the vocabulary, deadlines pointing at annexes, contacts
with local and full phone numbers, table/form/text annexes, and ``based_on``
links from city and county notices to their province's notice, so the
upstream/downstream pages and the dependency tracking are exercised.

Everything comes from one seeded :class:`random.Random`: the same ``n`` and
``seed`` always write the same bytes, so two benchmark runs build the same
archive.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

# Province keys with their names and area codes; cities and counties are made up under them.
PROVINCES = [
    ("beijing", "北京市", "010"), ("tianjin", "天津市", "022"), ("hebei", "河北省", "0311"),
    ("shanxi", "山西省", "0351"), ("neimenggu", "内蒙古自治区", "0471"), ("liaoning", "辽宁省", "024"),
    ("jilin", "吉林省", "0431"), ("heilongjiang", "黑龙江省", "0451"), ("shanghai", "上海市", "021"),
    ("jiangsu", "江苏省", "025"), ("zhejiang", "浙江省", "0571"), ("anhui", "安徽省", "0551"),
    ("fujian", "福建省", "0591"), ("jiangxi", "江西省", "0791"), ("shandong", "山东省", "0531"),
    ("henan", "河南省", "0371"), ("hubei", "湖北省", "027"), ("hunan", "湖南省", "0731"),
    ("guangdong", "广东省", "020"), ("guangxi", "广西壮族自治区", "0771"), ("hainan", "海南省", "0898"),
    ("chongqing", "重庆市", "023"), ("sichuan", "四川省", "028"), ("guizhou", "贵州省", "0851"),
    ("yunnan", "云南省", "0871"), ("xizang", "西藏自治区", "0891"), ("shaanxi", "陕西省", "029"),
    ("gansu", "甘肃省", "0931"), ("qinghai", "青海省", "0971"), ("ningxia", "宁夏回族自治区", "0951"),
    ("xinjiang", "新疆维吾尔自治区", "0991"),
]
PLACE_SYLLABLES = "安宝昌城川德东丰福广海汉和华江金京靖康兰乐临龙宁平庆泉仁山寿顺泰通西祥新兴阳永元云长正中州"
CITIES_PER_PROVINCE = 4
COUNTIES_PER_CITY = 3

CAMPAIGNS = [("kepuri", "全国科普日", "每年9月中下旬在全国集中开展的科普活动。"),
             ("kejizhou", "全国科技工作者日暨科技活动周", "每年5月前后举办的科技活动周与“全国科技工作者日”活动。")]

# The example site's joint-action vocabulary.
ACTIONS = [("system", "部门系统联合行动"), ("society", "学会科普联合行动"), ("demo-county", "科普示范县联合行动"),
           ("venues", "科普阵地联合行动"), ("museums", "科技馆联合行动"), ("bases", "科普基地联合行动"),
           ("rural", "乡村振兴科普联合行动"), ("enterprise", "企业科协联合行动"),
           ("food-safety", "食品安全科普联合行动"), ("literacy-alliance", "公众科学素质促进联盟联合行动"),
           ("online", "“云上科普日”活动"), ("youth", "青少年科技教育联合行动"),
           ("scientists-speak", "科技工作者讲科普专项行动"), ("ecology", "生态科普宣传专项行动"),
           ("informants", "科普中国信息员队伍建设专项行动")]

THEMES = ["喜迎二十大，科普向未来", "提升全民科学素质 助力科技自立自强", "百年再出发，迈向科技强国",
          "创新争先、自立自强，走进科技、你我同行", "携手建设科技强国", "科技创新 美好生活",
          "弘扬科学精神 普及科学知识", "科学防疫 守护健康"]
TOPICS = ["乡村振兴", "生态文明建设", "碳达峰碳中和", "疫情防控", "安全生产", "卫生健康", "食品安全", "数字素养",
          "知识产权", "国防知识", "防灾避险", "低碳生活", "人工智能", "量子科技", "载人航天", "深海探测",
          "节水科普", "林草科普", "应急科普", "科学教育", "心理健康", "老年人智能技术应用"]
PLACES = ["新时代文明实践中心（所、站）", "党群服务中心", "社区综合服务设施", "科技文化场馆", "科普教育基地",
          "农村中学科技馆", "流动科技馆", "科普大篷车", "中小学校", "科研院所", "企业开放日", "图书馆"]
PEOPLE_GROUPS = ["青少年", "农民", "产业工人", "老年人", "领导干部和公务员", "科技工作者", "社区居民", "妇女儿童"]
VERBS = ["广泛开展", "组织开展", "集中举办", "积极推动", "深入实施", "着力打造", "统筹推进", "大力弘扬"]
GOALS = ["营造热爱科学、崇尚创新的社会氛围", "提升公众科学素质", "服务高质量发展", "激发青少年的科学兴趣",
         "推动科普资源共建共享", "增强人民群众获得感、幸福感", "弘扬科学精神和科学家精神",
         "打通科普传播“最后一公里”", "促进科技成果科普化", "为基层减负"]
LEADS = ["加强组织领导", "突出活动主题", "聚焦重点人群", "创新活动形式", "强化宣传引导", "确保安全有序",
         "注重活动实效", "做好总结报送", "规范使用标识", "深化协同联动"]
SECTIONS = ["主题和时间", "活动内容", "主要活动", "活动安排", "组织实施", "工作要求", "有关事项", "宣传报道"]
NUMERALS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏宇婷飞晨"
ISSUER_UNITS = ["科学技术协会", "委宣传部", "教育局", "科学技术局", "农业农村局", "卫生健康委员会", "生态环境局",
                "应急管理局", "自然资源和规划局", "林业局", "工商业联合会", "文学艺术界联合会"]


@dataclass(frozen=True)
class Region:
    key: str
    name: str
    area_code: str
    level: int  # 0 province, 1 city, 2 county
    parent: str | None
    short: str  # 省 / 市 / 县 as the issuing bodies call themselves


def local_number(code: str, number: int) -> str:
    """A 7-digit number, made 8 digits long where the area code's numbers have 8 and given another first digit
    where numbers of the code do not start with its own (as libphonenumber knows)."""
    tail = str(number)[1:]
    for candidate in (str(number), f"{number}1", *(f"{first}{tail}{end}" for first in "6825" for end in ("", "1"))):
        if phonenumbers.is_valid_number(phonenumbers.parse(code + candidate, "CN")):
            return candidate
    raise ValueError(f"no valid local number for the area code {code}")


@functools.cache
def _usable(code: str) -> bool:
    """Whether a made-up area code is a real one, for numbers of any first digit."""
    try:
        for first in range(2, 9):
            local_number(code, first * 1_000_000 + 234567)
    except ValueError:
        return False
    return True


def regions(rng: random.Random) -> list[Region]:
    """31 provinces, each with cities, each with counties; keys are URL-safe."""
    found: list[Region] = []
    used: set[str] = set()

    def place_name(suffix: str) -> str:
        while True:
            name = rng.choice(PLACE_SYLLABLES) + rng.choice(PLACE_SYLLABLES) + suffix
            if name not in used:
                used.add(name)
                return name

    for key, name, code in PROVINCES:
        found.append(Region(key, name, code, 0, None, "省"))
        for c in range(1, CITIES_PER_PROVINCE + 1):
            made_up = f"0{rng.randint(300, 999)}"
            city_code = code if len(code) == 3 or not _usable(made_up) else made_up
            city = Region(f"{key}-c{c}", place_name("市"), city_code, 1, key, "市")
            found.append(city)
            for k in range(1, COUNTIES_PER_CITY + 1):
                found.append(Region(f"{city.key}-x{k}", place_name(rng.choice("县区")), city_code, 2, city.key, "县"))
    return found


def site_yaml(all_regions: list[Region]) -> str:
    lines = ["title: 全国科普活动通知公告档案（合成数据）", "description: 用于性能测试的合成通知档案。",
             "base_url: /", "language: zh-CN", "theme: default", "author: 基准测试", "per_page: 20", "",
             "campaigns:"]
    for key, name, description in CAMPAIGNS:
        lines += [f"  - key: {key}", f"    name: {name}", f"    description: {description}"]
    lines.append("regions:")

    def emit(region: Region, depth: int) -> None:
        pad = "  " * (2 * depth)
        lines.extend([f"{pad}  - key: {region.key}", f"{pad}    name: {region.name}",
                      f'{pad}    area_code: "{region.area_code}"'])
        children = [r for r in all_regions if r.parent == region.key]
        if children:
            lines.append(f"{pad}    children:")
            for child in children:
                emit(child, depth + 1)

    for region in all_regions:
        if region.parent is None:
            emit(region, 0)
    lines.append("actions:")
    for key, name in ACTIONS:
        lines += [f"  - key: {key}", f"    name: {name}"]
    return "\n".join(lines) + "\n"


class Writer:
    """Sentences and notices from one random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items: list[str] | str, k: int = 1) -> list[str]:
        return self.rng.sample(list(items), k)

    def sentence(self) -> str:
        r = self.rng
        forms = [
            lambda: f"围绕{r.choice(TOPICS)}、{r.choice(TOPICS)}等公众普遍关注的热点问题，{r.choice(VERBS)}形式多样的科普活动，{r.choice(GOALS)}",
            lambda: f"依托{r.choice(PLACES)}、{r.choice(PLACES)}等阵地，面向{r.choice(PEOPLE_GROUPS)}{r.choice(VERBS)}科普讲座、科技咨询和互动体验，{r.choice(GOALS)}",
            lambda: f"各单位要{r.choice(VERBS)}{r.choice(TOPICS)}科普工作，把活动与“我为群众办实事”紧密结合，{r.choice(GOALS)}",
            lambda: f"充分发挥{r.choice(PEOPLE_GROUPS)}的作用，动员学会、企业、高校和科研院所等各方力量，{r.choice(GOALS)}",
            lambda: f"活动期间，{r.choice(VERBS)}“{r.choice(TOPICS)}进万家”系列活动，推动科普进机关、进企事业单位、进城乡社区、进校园、进家庭",
            lambda: f"要坚决防止形式主义、官僚主义，统筹好活动实效和{r.choice(GOALS)}，高效、勤俭、务实举办各项活动",
            lambda: f"通过直播、短视频、话题互动等方式，{r.choice(VERBS)}云讲堂、云看展、云发布等线上活动，{r.choice(GOALS)}",
            lambda: f"严格按照“谁举办、谁负责”原则，加强风险预判，合理确定活动举办形式，{r.choice(GOALS)}",
        ]
        return r.choice(forms)() + "。"

    def paragraph(self, low: int = 2, high: int = 4) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.randint(1, 2)))


@dataclass(frozen=True)
class Planned:
    """Where one notice goes and what it refers to, decided before any text is written."""

    year: int
    slug: str
    region: Region
    campaign: str
    issued_month: int
    issued_day: int
    upstream: str | None  # slug of the province notice this one implements


def plan(n: int, rng: random.Random, all_regions: list[Region]) -> list[Planned]:
    """``n`` notices over ten years; province notices first so city/county ones can cite them."""
    years = list(range(2015, 2025))
    provinces = [r for r in all_regions if r.level == 0]
    lower = [r for r in all_regions if r.level > 0]
    planned: list[Planned] = []
    province_notice: dict[tuple[int, str, str], str] = {}
    province_share = max(1, n // 8)
    for index in range(n):
        year = years[index % len(years)]
        campaign = CAMPAIGNS[(index // len(years)) % len(CAMPAIGNS)][0]
        if index < province_share:
            region = provinces[(index // (len(years) * len(CAMPAIGNS))) % len(provinces)]
        else:
            region = rng.choice(lower)
        province = region.key.split("-")[0]
        upstream = None
        if region.level > 0 and rng.random() < 0.7:
            upstream = province_notice.get((year, campaign, province))
        month = 8 if campaign == "kepuri" else 4
        slug = f"{region.key}-{campaign}-{year}-{index:05d}"
        planned.append(Planned(year, slug, region, campaign, month + rng.randint(0, 1), rng.randint(1, 28), upstream))
        if region.level == 0:
            province_notice.setdefault((year, campaign, province), slug)
    return planned


def _yaml_text(text: str) -> str:
    """A YAML scalar that stays text: quoted when it could be read as anything else."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def notice_text(p: Planned, w: Writer, names: dict[str, str], all_regions: dict[str, Region]) -> str:
    r = w.rng
    region = p.region
    campaign_name = dict((k, v) for k, v, _ in CAMPAIGNS)[p.campaign]
    prefix = region.name
    lead = f"{prefix}科学技术协会"
    issuers = [lead] + [f"中共{prefix}{unit}" if unit.startswith("委") else f"{prefix}{unit}"
                        for unit in w.pick(ISSUER_UNITS[1:], r.randint(1, 6))]
    theme = r.choice(THEMES)
    start_month = 9 if p.campaign == "kepuri" else 5
    start_day = r.randint(10, 20)
    title = f"关于举办{p.year}年{prefix}{campaign_name}活动的通知"
    lines = ["---", f"title: {title}",
             f"doc_number: {prefix[:2]}科协发〔{p.year}〕{r.randint(1, 60)}号",
             f"issued: {p.year}-{p.issued_month:02d}-{p.issued_day:02d}", "issuers:"]
    lines += [f"  - {issuer}" for issuer in issuers]
    lines += [f"region: {region.key}", f"campaign: {p.campaign}", f"theme: {theme}",
              f"dates: {{start: {p.year}-{start_month:02d}-{start_day:02d}, "
              f"end: {p.year}-{start_month:02d}-{start_day + 6:02d}}}",
              f"recipients: 各{'市' if region.level == 0 else '县（市、区）'}科协、各有关单位"]
    if p.upstream:
        upper = all_regions[p.region.key.split("-")[0]]
        lines += ["based_on:", f"  - title: 关于举办{p.year}年{upper.name}{campaign_name}活动的通知",
                  f"    issuer: {upper.name}科学技术协会", f"    notice: {p.upstream}"]
    elif r.random() < 0.5:
        lines += ["based_on:", f"  - title: 关于举办{p.year}年{campaign_name}活动的通知",
                  f"    doc_number: 科协发普字〔{p.year}〕{r.randint(1, 40)}号", "    issuer: 中国科协等部门"]
    lines.append(f"summary: {prefix}以“{theme}”为主题，于{p.year}年{start_month}月集中开展{campaign_name}活动。")

    lines += _action_lines(w, names)
    annex_kinds = r.choices(["table", "form", "text"], weights=[5, 3, 1], k=r.choice([0, 1, 1, 2, 2, 3]))
    lines += _deadline_lines(p, w, annex_kinds, start_month)
    lines += _contact_lines(p, w)
    lines += _annex_lines(p, w, annex_kinds, campaign_name)
    lines.append(f"signatures: [{issuers[0]}]")
    lines.append("---")

    body = _body(p, w, issuers, campaign_name, theme, start_month, start_day)
    return "\n".join(lines) + "\n" + "\n".join(body)


def write_corpus(root: Path, n: int, seed: int = 2024) -> list[Path]:
    """Write ``root/content/site.yaml`` and ``n`` notices; returns the notice files in build order."""
    rng = random.Random(seed)
    all_regions = regions(rng)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text(site_yaml(all_regions), encoding="utf-8")
    by_key = {region.key: region for region in all_regions}
    names = dict(ACTIONS)
    writer = Writer(rng)
    paths = []
    for planned in plan(n, rng, all_regions):
        folder = content / str(planned.year)
        folder.mkdir(exist_ok=True)
        path = folder / f"{planned.slug}.md"
        path.write_text(notice_text(planned, writer, names, by_key), encoding="utf-8")
        paths.append(path)
    return sorted(paths)


def _action_lines(w: Writer, names: dict[str, str]) -> list[str]:
    r = w.rng
    actions = w.pick([key for key, _ in ACTIONS], r.randint(3, 7))
    lines = ["actions:"]
    for key in actions:
        lines += [f"  - key: {key}", f"    name: {names[key]}", "    group: 系列联合行动",
                  f"    text: {w.paragraph(1, 2)}"]
    return lines


def _deadline_lines(p: Planned, w: Writer, annex_kinds: list[str], start_month: int) -> list[str]:
    r, region, prefix = w.rng, p.region, p.region.name
    deadlines = r.randint(1, 4)
    lines = ["deadlines:"]
    for number in range(deadlines):
        month = start_month + (1 if number else 0)
        annex = number + 1 if number < len(annex_kinds) and annex_kinds[number] != "text" else None
        lines += [f"  - date: {p.year}-{month:02d}-{r.randint(1, 28):02d}",
                  f"    what: {r.choice(['活动总结、照片、视频等材料', '计划开展的重点活动汇总表', '优秀活动推荐材料', '活动开展情况统计表'])}",
                  f"    who: 各{'市' if region.level == 0 else '县（市、区）'}科协、各有关单位",
                  f"    to: {prefix}科协科普部"]
        if annex:
            lines.append(f"    annex: {annex}")
    return lines


def _contact_lines(p: Planned, w: Writer) -> list[str]:
    r, prefix, code = w.rng, p.region.name, p.region.area_code
    lines = ["contacts:"]
    for _ in range(r.randint(1, 2)):
        lines += [f"  - body: {prefix}科协科普部", f"    people: [{w.person()}, {w.person()}]",
                  f"    phones: [{_yaml_text(local_number(code, r.randint(2000000, 8999999)))}, "
                  f"{{number: {_yaml_text(code + '-' + local_number(code, r.randint(2000000, 8999999)))}, "
                  "kind: fax}]",
                  f"    email: kx{r.randint(1000, 99999)}@163.com"]
    return lines


def _annex_lines(p: Planned, w: Writer, annex_kinds: list[str], campaign_name: str) -> list[str]:
    r, prefix = w.rng, p.region.name
    lines = ["annexes:"] if annex_kinds else []
    for kind in annex_kinds:
        if kind == "table":
            columns = w.pick(["项目名称", "举办单位", "活动时间", "活动地点", "负责人", "联系电话", "参与人数", "备注"],
                             r.randint(4, 7))
            lines += ["  - kind: table", f"    title: {prefix}{p.year}年{campaign_name}活动项目汇总表",
                      "    fields: [单位名称：（盖章）]", f"    columns: [序号, {', '.join(columns)}]",
                      f"    blank_rows: {r.randint(6, 14)}", "    numbered: true"]
        elif kind == "form":
            lines += ["  - kind: form", f"    title: {prefix}{p.year}年{campaign_name}优秀活动推荐表", "    columns: 4",
                      "    rows:", "      - [活动名称, {span: 3}]", "      - [单位名称, {span: 3}]",
                      "      - [联系人, null, 联系电话, null]",
                      f"      - [{{label: 主要内容, vertical: true}}, {{span: 3, lines: {r.randint(8, 14)}}}]",
                      "      - [\"推荐单位\\n意见\", {span: 3, lines: 4, seal: true, date: true}]"]
        else:
            lines += ["  - kind: text", "    title: 活动平台注册方法", "    body: |"]
            for step in range(1, r.randint(3, 5) + 1):
                lines += [f"      第{NUMERALS[step - 1]}步：{w.sentence()}", ""]
    return lines


def _body(p: Planned, w: Writer, issuers: list[str], campaign_name: str, theme: str, start_month: int,
          start_day: int) -> list[str]:
    r, region, prefix = w.rng, p.region, p.region.name
    body = [f"根据有关文件精神，{'、'.join(issuers[:3])}等单位将共同组织开展{p.year}年{prefix}{campaign_name}活动。现将有关事项通知如下。", ""]
    sections = [SECTIONS[0]] + w.pick(SECTIONS[1:], r.randint(3, 5))
    actions_placed = False
    for number, section in enumerate(sections):
        body += [f"## {NUMERALS[number]}、{section}", ""]
        if number == 0:
            body += [f"主题：{theme}。", "", f"时间：{p.year}年{start_month}月{start_day}日至{start_day + 6}日在全{region.short}集中开展。", ""]
            continue
        for point in range(r.randint(2, 3)):
            body += [f"**（{NUMERALS[point]}）{r.choice(LEADS)}。**{w.paragraph(1, 3)}", ""]
        if not actions_placed:
            body += ["[[actions]]", ""]
            actions_placed = True
        elif r.random() < 0.2:
            body += ["| 时间 | 活动 | 地点 |", "|---|---|---|"]
            body += [f"| {start_month}月{start_day + d}日 | {r.choice(TOPICS)}科普讲座 | {r.choice(PLACES)} |"
                     for d in range(r.randint(2, 4))]
            body.append("")
        elif r.random() < 0.2:
            body += [f"1. {w.sentence()}" for _ in range(3)] + [""]
    if not actions_placed:
        body += ["[[actions]]", ""]
    return body
