"""The demo's offices and dispatch catalogue (派单目录) for residents' requests.

Departments are named as a district of Chengdu and its streets name theirs; the catalogue's
categories are the everyday ones of a city hotline (water, roads, sanitation, neighbours,
elderly care, property management…). Deadlines follow the local rules DOMAIN.md §7 cites:
an enquiry within 3 working days, a complaint within 13; urgent categories count hours.
Small matters stay in the grid (``grid_ok``), community matters in the community (seed 001
part 2), and a department's matter is never sent below its level."""

from __future__ import annotations

from typing import Any

#: street offices (科室) by duty, and the district's departments by duty
STREET_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("urban", "城市管理办公室"),
    ("sanitation", "环境卫生管理所"),
    ("civil", "民政和社会事务办公室"),
    ("safety", "应急管理和安全生产办公室"),
    ("building", "规划建设办公室"),
    ("jobs", "就业和社会保障服务中心"),
)
DISTRICT_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("housing", "区住房和城乡建设局"),
    ("water", "区水务局"),
    ("transport", "区交通运输局"),
    ("market", "区市场监督管理局"),
    ("environment", "区生态环境局"),
    ("parks", "区公园城市建设和城市更新局"),
    ("health", "区卫生健康局"),
    ("education", "区教育局"),
)

G, C, S, D = 0, 1, 2, 3


def _e(
    code: str,
    name: str,
    group: str,
    level: int,
    duty: str,
    sign: int,
    reply: int,
    keywords: str,
    *,
    grid_ok: bool = False,
    urgent: bool = False,
    description: str = "",
) -> dict[str, Any]:
    return {
        "service_code": code,
        "name": name,
        "group": group,
        "level": level,
        "duty": duty,
        "grid_ok": grid_ok,
        "urgent": urgent,
        "sign_within": sign,
        "reply_within": reply,
        "keywords": keywords,
        "description": description,
    }


CATALOGUE: list[dict[str, Any]] = [
    # the grid settles these itself
    _e("corridor-clutter", "楼道杂物堆放", "help", G, "", 1, 3, "楼道 杂物 消防通道 堆放", grid_ok=True),
    _e("stair-light", "楼道灯损坏", "help", G, "", 1, 3, "楼道灯 照明 不亮", grid_ok=True),
    _e("pet-nuisance", "宠物扰民", "complaint", G, "", 1, 5, "狗 宠物 犬吠 粪便", grid_ok=True),
    _e("elderly-visit", "独居老人探访", "help", G, "", 1, 3, "独居 老人 探访 看望", grid_ok=True),
    _e("grid-info", "社区办事咨询", "consult", G, "", 1, 3, "办事 咨询 证明 流程", grid_ok=True),
    _e("minor-dispute", "邻里小纠纷", "complaint", G, "", 1, 5, "邻居 纠纷 矛盾", grid_ok=True),
    # the community
    _e("living-noise", "生活噪音扰民", "complaint", C, "", 1, 13, "噪音 装修 广场舞 吵"),
    _e("neighbour-mediation", "邻里纠纷调解", "complaint", C, "", 1, 13, "调解 纠纷 漏水 占用"),
    _e("home-care", "居家养老服务", "help", C, "", 1, 5, "养老 助餐 助浴 照护"),
    _e("property-service", "物业服务质量", "complaint", C, "", 1, 13, "物业 保安 保洁 维修"),
    _e("estate-parking", "小区停车管理", "complaint", C, "", 1, 13, "停车 车位 小区 乱停"),
    _e("community-venue", "社区活动场地", "suggestion", C, "", 2, 13, "活动室 场地 健身"),
    _e("ebike-charging", "电动自行车违规充电", "report", C, "", 1, 5, "电瓶车 飞线 充电 楼道"),
    # the street's offices
    _e("street-vending", "占道经营", "report", S, "urban", 1, 5, "摊贩 占道 夜市"),
    _e("illegal-structure", "违法建设", "report", S, "urban", 1, 13, "违建 搭建 加盖"),
    _e("shop-signs", "户外广告招牌", "complaint", S, "urban", 1, 13, "广告 招牌 灯箱"),
    _e("rubbish-collection", "生活垃圾清运不及时", "complaint", S, "sanitation", 1, 5, "垃圾 清运 垃圾桶 满"),
    _e("waste-sorting", "垃圾分类", "suggestion", S, "sanitation", 1, 13, "分类 厨余 回收"),
    _e("street-cleaning", "道路清扫保洁", "complaint", S, "sanitation", 1, 5, "清扫 保洁 落叶 脏"),
    _e("assistance", "低保和特困救助", "help", S, "civil", 1, 13, "低保 特困 救助 困难"),
    _e("disability", "残疾人服务", "help", S, "civil", 1, 13, "残疾 残联 辅具"),
    _e("jobs", "就业创业服务", "consult", S, "jobs", 1, 3, "就业 招聘 培训 创业"),
    _e("social-insurance", "社保医保办理咨询", "consult", S, "jobs", 1, 3, "社保 医保 养老保险 缴费"),
    _e("fire-hazard", "消防安全隐患", "report", S, "safety", 2, 24, "消防 隐患 通道 灭火器", urgent=True),
    _e("gas-hazard", "燃气安全隐患", "report", S, "safety", 1, 12, "燃气 天然气 漏气 气味", urgent=True),
    _e("estate-renewal", "老旧小区改造", "suggestion", S, "building", 2, 13, "改造 老旧小区 外墙"),
    _e("lift-retrofit", "既有住宅加装电梯", "consult", S, "building", 1, 3, "加装电梯 电梯 老楼"),
    # the district's departments
    _e("house-safety", "房屋安全隐患", "report", D, "housing", 1, 13, "房屋 裂缝 危房 墙体"),
    _e("property-company", "物业企业违规", "complaint", D, "housing", 1, 13, "物业公司 收费 维修基金"),
    _e("housing-support", "住房保障", "consult", D, "housing", 1, 3, "公租房 保障房 租房补贴"),
    _e("water-cut", "停水和供水水质", "help", D, "water", 2, 24, "停水 水压 水质 黄水", urgent=True),
    _e("drain-overflow", "排水不畅和污水外溢", "help", D, "water", 2, 24, "下水道 堵塞 污水 积水", urgent=True),
    _e("road-damage", "道路破损", "report", D, "transport", 1, 13, "路面 坑洼 井盖 破损"),
    _e("bus-service", "公交线路和站点", "suggestion", D, "transport", 2, 13, "公交 站点 线路 班次"),
    _e("food-safety", "食品安全", "report", D, "market", 1, 13, "食品 餐馆 过期 卫生"),
    _e("price-fraud", "价格欺诈", "complaint", D, "market", 1, 13, "价格 乱收费 标价"),
    _e("product-quality", "商品质量投诉", "complaint", D, "market", 1, 13, "质量 假货 退货"),
    _e("night-construction", "夜间施工噪音", "complaint", D, "environment", 1, 5, "施工 夜间 工地 噪音"),
    _e("cooking-fumes", "餐饮油烟扰民", "complaint", D, "environment", 1, 13, "油烟 餐馆 排烟"),
    _e("trees", "树木和绿化养护", "help", D, "parks", 1, 13, "树木 修剪 绿化 倒伏"),
    _e("park-facilities", "公园设施", "suggestion", D, "parks", 2, 13, "公园 座椅 步道 健身器材"),
    _e("clinic", "医疗服务投诉", "complaint", D, "health", 1, 13, "医院 社区卫生服务中心 看病"),
    _e("school-place", "入学和学位咨询", "consult", D, "education", 1, 3, "入学 学位 划片 学校"),
    _e("tutoring", "校外培训", "complaint", D, "education", 1, 13, "培训机构 补课 退费"),
]
