"""Text of the sample documents (fictional people, realistic formats).

Each page is a dict:
  type      sohoa document-type code (DOMAIN.md catalog)
  title     centered bold title (one line)
  subtitle  optional centered regular line under the title
  body      list of body lines; a plain str is left-aligned (wrapped to the text
            width if too long), ("c", str) is centered (never wrapped)

Every page also gets the national header (two centered bold lines).

Codes follow /work/shared/DOMAIN.md: dossier codes <agency>-YYMMDD-NNNN (the date is
the receipt date), procedure codes like 1.001193, 12-digit citizen IDs
(province 001-096, century/sex digit, 2-digit birth year, 6 digits).
"""

HEADER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

# Citizen IDs used below: (id, birth year, sex) -- checked by generate.py.
PEOPLE = {
    "Trần Thị Thu Hà": ("001192004567", 1992, "F"),
    "Nguyễn Văn An": ("036090001234", 1990, "M"),
    "Nguyễn Minh Khang": ("001225012345", 2025, "M"),
    "Vũ Thị Hường": ("001196023481", 1996, "F"),
    "Đặng Quốc Việt": ("040094012876", 1994, "M"),
    "Lê Hoàng Phúc": ("048098005612", 1998, "M"),
    "Phạm Ngọc Ánh": ("031187009354", 1987, "F"),
    "Đặng Bảo Ngọc": ("001326004218", 2026, "F"),
}

C = "c"

# --- Dossier 1: Đăng ký khai sinh (1.001193), Hà Nội, 12/03/2025 ----------------

TO_KHAI_KHAI_SINH = {
    "type": "to_khai_khai_sinh",
    "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Họ, chữ đệm, tên người yêu cầu: Trần Thị Thu Hà",
        "Số định danh cá nhân: 001192004567",
        "Nơi cư trú: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Quan hệ với người được khai sinh: Mẹ",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên: Nguyễn Minh Khang",
        "Ngày, tháng, năm sinh: 05/03/2025",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Phụ sản Hà Nội, thành phố Hà Nội",
        "Quê quán: xã Hải Hậu, tỉnh Nam Định",
        "Họ, chữ đệm, tên người mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Họ, chữ đệm, tên người cha: Nguyễn Văn An; Năm sinh: 1990",
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật.",
        (C, "Hà Nội, ngày 12 tháng 3 năm 2025"),
    ],
}

GIAY_CHUNG_SINH_KHANG = {
    "type": "giay_chung_sinh",
    "title": "GIẤY CHỨNG SINH",
    "body": [
        "Số: 0125/2025/GCS; Quyển số: 03",
        "Bệnh viện Phụ sản Hà Nội",
        "Họ và tên mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Số định danh cá nhân: 001192004567",
        "Nơi cư trú: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Dân tộc: Kinh",
        "Đã sinh con vào lúc: 08 giờ 40 phút, ngày 05 tháng 03 năm 2025",
        "Tại: Bệnh viện Phụ sản Hà Nội",
        "Số con trong lần sinh này: 01",
        "Giới tính của con: Nam; Cân nặng: 3.200 gam",
        "Dự định đặt tên con là: Nguyễn Minh Khang",
        "Người đỡ đẻ: Bác sĩ Lê Thị Mai",
        (C, "Hà Nội, ngày 06 tháng 3 năm 2025"),
    ],
}

GIAY_KHAI_SINH_KHANG = {
    "type": "giay_khai_sinh",
    "title": "GIẤY KHAI SINH",
    "body": [
        "Số: 215/2025; Quyển số: 01/2025",
        "Họ, chữ đệm, tên: Nguyễn Minh Khang",
        "Ngày, tháng, năm sinh: 05/03/2025",
        "Ghi bằng chữ: Ngày năm, tháng ba, năm hai nghìn không trăm hai mươi lăm",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Phụ sản Hà Nội, thành phố Hà Nội",
        "Quê quán: xã Hải Hậu, tỉnh Nam Định",
        "Số định danh cá nhân: 001225012345",
        "Họ, chữ đệm, tên người mẹ: Trần Thị Thu Hà; Năm sinh: 1992",
        "Họ, chữ đệm, tên người cha: Nguyễn Văn An; Năm sinh: 1990",
        "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Ngày, tháng, năm đăng ký: 12/03/2025",
        (C, "Hà Nội, ngày 12 tháng 3 năm 2025"),
    ],
}

TIEP_NHAN_KHAI_SINH = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.00.H30-250312-0012",
        "Bộ phận Một cửa Ủy ban nhân dân phường Điện Biên tiếp nhận hồ sơ của:",
        "Ông/Bà: Trần Thị Thu Hà",
        "Số định danh cá nhân: 001192004567",
        "Địa chỉ: số 12 đường Trần Phú, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
        "Số điện thoại: 0912 345 678",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Mã thủ tục: 1.001193",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký khai sinh: 01 bản chính",
        "2. Giấy chứng sinh: 01 bản chính",
        "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 12/03/2025",
        "Thời gian trả kết quả: 15 giờ 30 phút, ngày 12/03/2025",
        "Nơi trả kết quả: Bộ phận Một cửa Ủy ban nhân dân phường Điện Biên",
        "Người tiếp nhận hồ sơ: Đỗ Thanh Tùng",
    ],
}

# --- Dossier 2: Đăng ký kết hôn (1.000894), Hà Đông, 20/10/2025 ------------------

TIEP_NHAN_KET_HON = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.12.H26-251020-0034",
        "Bộ phận Một cửa Ủy ban nhân dân phường Hà Đông tiếp nhận hồ sơ của:",
        "Ông/Bà: Vũ Thị Hường",
        "Số định danh cá nhân: 001196023481",
        "Địa chỉ: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký kết hôn",
        "Mã thủ tục: 1.000894",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký kết hôn: 01 bản chính",
        "2. Giấy xác nhận tình trạng hôn nhân của bên nam: 01 bản chính",
        "Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 20/10/2025",
        "Thời gian trả kết quả: 14 giờ 00 phút, ngày 24/10/2025",
        "Người tiếp nhận hồ sơ: Hoàng Minh Châu",
    ],
}

TO_KHAI_KET_HON_1 = {
    "type": "to_khai_dang_ky_ket_hon",
    "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Thông tin bên nữ:",
        "Họ, chữ đệm, tên: Vũ Thị Hường",
        "Ngày, tháng, năm sinh: 14/02/1996",
        "Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Số định danh cá nhân: 001196023481",
        "Kết hôn lần thứ: Lần đầu",
        "Thông tin bên nam:",
        "Họ, chữ đệm, tên: Đặng Quốc Việt",
        "Ngày, tháng, năm sinh: 21/07/1994",
        "Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi cư trú: xóm 5, xã Diễn Châu, tỉnh Nghệ An",
        "Số định danh cá nhân: 040094012876",
        "Kết hôn lần thứ: Lần đầu",
    ],
}

TO_KHAI_KET_HON_2 = {
    "type": "to_khai_dang_ky_ket_hon",
    "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN (tiếp theo)",
    "body": [
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi "
        "là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
        "Chúng tôi chịu trách nhiệm trước pháp luật về lời cam đoan của mình.",
        "Đề nghị Ủy ban nhân dân phường Hà Đông đăng ký.",
        "Giấy tờ kèm theo: Giấy xác nhận tình trạng hôn nhân của bên nam",
        "Số: 098/2025/XNTTHN, cấp ngày 30/09/2025",
        "Mã hồ sơ: 000.00.12.H26-251020-0034",
        "Mã thủ tục: 1.000894",
        (C, "Hà Nội, ngày 20 tháng 10 năm 2025"),
        "Bên nữ: Vũ Thị Hường",
        "Bên nam: Đặng Quốc Việt",
    ],
}

XAC_NHAN_HON_NHAN_VIET = {
    "type": "giay_xac_nhan_tinh_trang_hon_nhan",
    "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "body": [
        "Số: 098/2025/XNTTHN",
        "Ủy ban nhân dân xã Diễn Châu, tỉnh Nghệ An xác nhận:",
        "Họ, chữ đệm, tên: Đặng Quốc Việt",
        "Ngày, tháng, năm sinh: 21/07/1994",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 040094012876",
        "Nơi cư trú: xóm 5, xã Diễn Châu, tỉnh Nghệ An",
        "Trong thời gian cư trú tại xã Diễn Châu, tỉnh Nghệ An từ ngày 21/07/1994 đến ngày 30/09/2025",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để: Làm thủ tục đăng ký kết hôn với bà Vũ Thị Hường",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, "Diễn Châu, ngày 30 tháng 9 năm 2025"),
    ],
}

# --- Dossier 3: Cấp Giấy xác nhận tình trạng hôn nhân (1.004873), Đà Nẵng --------

XAC_NHAN_HON_NHAN_PHUC = {
    "type": "giay_xac_nhan_tinh_trang_hon_nhan",
    "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "body": [
        "Số: 125/2025/XNTTHN",
        "Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng xác nhận:",
        "Họ, chữ đệm, tên: Lê Hoàng Phúc",
        "Ngày, tháng, năm sinh: 09/11/1998",
        "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 048098005612",
        "Nơi cư trú: số 27 đường Trần Phú, phường Hải Châu, thành phố Đà Nẵng",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để: Bổ sung hồ sơ vay vốn tại ngân hàng",
        "Mã hồ sơ: 000.00.00.H17-250915-0107",
        "Mã thủ tục: 1.004873",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, "Đà Nẵng, ngày 15 tháng 9 năm 2025"),
    ],
}

# --- Dossier 4: Cấp giấy phép xây dựng nhà ở riêng lẻ (1.009974), Hải Phòng ------

DON_XAY_DUNG_1 = {
    "type": "don_de_nghi_cap_giay_phep_xay_dung",
    "title": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
    "subtitle": "Sử dụng cho nhà ở riêng lẻ",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Ngô Quyền, thành phố Hải Phòng",
        "1. Thông tin về chủ đầu tư:",
        "Tên chủ đầu tư: Phạm Ngọc Ánh",
        "Số định danh cá nhân: 031187009354",
        "Địa chỉ liên hệ: số 8 ngõ 72 đường Lạch Tray, phường Ngô Quyền, thành phố Hải Phòng",
        "Số điện thoại: 0936 218 457",
        "2. Thông tin công trình:",
        "Địa điểm xây dựng: Lô đất số 15, tờ bản đồ số 07, đường Lạch Tray, phường Ngô Quyền",
        "3. Nội dung đề nghị cấp phép:",
        "Loại công trình: Nhà ở riêng lẻ; Cấp công trình: Cấp III",
        "Diện tích xây dựng tầng 1: 86,5 m2",
        "Tổng diện tích sàn: 302,8 m2",
        "Chiều cao công trình: 14,6 m; Số tầng: 04 tầng",
    ],
}

DON_XAY_DUNG_2 = {
    "type": "don_de_nghi_cap_giay_phep_xay_dung",
    "title": "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG (tiếp theo)",
    "body": [
        "4. Đơn vị thiết kế: Công ty TNHH Tư vấn Thiết kế Xây dựng Hải An",
        "Mã số chứng chỉ năng lực: HAP-00012345",
        "Địa chỉ: số 120 đường Văn Cao, phường Gia Viên, thành phố Hải Phòng",
        "5. Phương án phá dỡ, di dời: Không",
        "6. Dự kiến thời gian hoàn thành công trình: 10 tháng",
        "7. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn "
        "toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
        "Gửi kèm theo Đơn này các tài liệu:",
        "Bản sao Giấy chứng nhận quyền sử dụng đất số CS 04512",
        "Hai bộ bản vẽ thiết kế xây dựng",
        "Mã thủ tục: 1.009974",
        (C, "Hải Phòng, ngày 03 tháng 6 năm 2025"),
        (C, "Người làm đơn: Phạm Ngọc Ánh"),
    ],
}

# --- Dossier 5: Đăng ký thành lập hộ kinh doanh (2.000575), Hà Nội, 09/11/2026 ---

HO_KINH_DOANH_1 = {
    "type": "giay_de_nghi_dang_ky_ho_kinh_doanh",
    "title": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
    "body": [
        "Kính gửi: Phòng Kinh tế phường Ba Đình, thành phố Hà Nội",
        "Tôi là: Nguyễn Văn An; Giới tính: Nam",
        "Sinh ngày: 12/03/1990; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Số định danh cá nhân: 036090001234",
        "Nơi thường trú: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "Số điện thoại: 0983 456 120",
        "Đăng ký hộ kinh doanh với nội dung sau:",
        "1. Tên hộ kinh doanh: Hộ kinh doanh Cà phê Phố Cổ",
        "2. Địa chỉ trụ sở: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "3. Ngành, nghề kinh doanh: Dịch vụ phục vụ đồ uống, mã ngành 5630",
        "4. Vốn kinh doanh: 300.000.000 đồng (Ba trăm triệu đồng)",
        "5. Số lượng lao động dự kiến: 04 người",
    ],
}

HO_KINH_DOANH_2 = {
    "type": "giay_de_nghi_dang_ky_ho_kinh_doanh",
    "title": "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH (tiếp theo)",
    "body": [
        "6. Thành viên hộ gia đình tham gia thành lập hộ kinh doanh:",
        "Thành viên 1: Nguyễn Văn An, sinh ngày 12/03/1990, số định danh cá nhân 036090001234",
        "Thành viên 2: Trần Thị Thu Hà, sinh ngày 18/08/1992, số định danh cá nhân 001192004567",
        "Chủ hộ kinh doanh: Nguyễn Văn An",
        "Tôi cam kết bản thân không thuộc diện bị cấm đăng ký hộ kinh doanh; trụ sở hộ kinh "
        "doanh thuộc quyền sử dụng hợp pháp của hộ gia đình; chịu trách nhiệm trước pháp luật "
        "về tính hợp pháp, chính xác, trung thực của nội dung đăng ký.",
        "Mã hồ sơ: 000.00.00.H30-261109-0012",
        "Mã thủ tục: 2.000575",
        (C, "Hà Nội, ngày 09 tháng 11 năm 2026"),
        (C, "Chủ hộ kinh doanh: Nguyễn Văn An"),
    ],
}

TIEP_NHAN_HO_KINH_DOANH = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.00.H30-261109-0012",
        "Trung tâm Phục vụ hành chính công phường Ba Đình tiếp nhận hồ sơ của:",
        "Ông/Bà: Nguyễn Văn An",
        "Số định danh cá nhân: 036090001234",
        "Địa chỉ: số 12 đường Trần Phú, phường Ba Đình, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký thành lập hộ kinh doanh",
        "Mã thủ tục: 2.000575",
        "Thành phần hồ sơ gồm:",
        "1. Giấy đề nghị đăng ký hộ kinh doanh: 01 bản chính",
        "2. Bản sao căn cước công dân của chủ hộ: 01 bản",
        "Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 09/11/2026",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 12/11/2026",
        "Người tiếp nhận hồ sơ: Phan Thị Lan",
    ],
}

# --- Dossier 6: Đăng ký khai sinh trực tuyến (1.001193), Hà Đông, 20/08/2026 -----

GIAY_CHUNG_SINH_NGOC = {
    "type": "giay_chung_sinh",
    "title": "GIẤY CHỨNG SINH",
    "body": [
        "Số: 2731/2026/GCS; Quyển số: 08",
        "Bệnh viện Đa khoa Hà Đông",
        "Họ và tên mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Số định danh cá nhân: 001196023481",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Dân tộc: Kinh",
        "Đã sinh con vào lúc: 14 giờ 20 phút, ngày 14 tháng 08 năm 2026",
        "Tại: Bệnh viện Đa khoa Hà Đông",
        "Số con trong lần sinh này: 01",
        "Giới tính của con: Nữ; Cân nặng: 2.900 gam",
        "Dự định đặt tên con là: Đặng Bảo Ngọc",
        "Người đỡ đẻ: Nữ hộ sinh Ngô Thị Thảo",
        (C, "Hà Nội, ngày 17 tháng 8 năm 2026"),
    ],
}

TO_KHAI_KHAI_SINH_NGOC = {
    "type": "to_khai_khai_sinh",
    "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "body": [
        "Kính gửi: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Họ, chữ đệm, tên người yêu cầu: Đặng Quốc Việt",
        "Số định danh cá nhân: 040094012876",
        "Nơi cư trú: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Quan hệ với người được khai sinh: Cha",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên: Đặng Bảo Ngọc",
        "Ngày, tháng, năm sinh: 14/08/2026",
        "Giới tính: Nữ; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Đa khoa Hà Đông, thành phố Hà Nội",
        "Quê quán: xã Diễn Châu, tỉnh Nghệ An",
        "Họ, chữ đệm, tên người mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Họ, chữ đệm, tên người cha: Đặng Quốc Việt; Năm sinh: 1994",
        "Kênh thực hiện: Trực tuyến qua Cổng Dịch vụ công quốc gia",
        (C, "Hà Nội, ngày 20 tháng 8 năm 2026"),
    ],
}

TIEP_NHAN_KHAI_SINH_NGOC = {
    "type": "giay_tiep_nhan_ho_so",
    "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    "body": [
        "Mã hồ sơ: 000.00.12.H26-260820-0051",
        "Bộ phận Một cửa Ủy ban nhân dân phường Hà Đông tiếp nhận hồ sơ trực tuyến của:",
        "Ông/Bà: Đặng Quốc Việt",
        "Số định danh cá nhân: 040094012876",
        "Địa chỉ: số 45 đường Trần Phú, phường Hà Đông, thành phố Hà Nội",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Mã thủ tục: 1.001193",
        "Thành phần hồ sơ gồm:",
        "1. Tờ khai đăng ký khai sinh: bản điện tử",
        "2. Giấy chứng sinh: bản chụp điện tử",
        "Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 20/08/2026",
        "Thời gian trả kết quả: 16 giờ 00 phút, ngày 20/08/2026",
    ],
}

GIAY_KHAI_SINH_NGOC = {
    "type": "giay_khai_sinh",
    "title": "GIẤY KHAI SINH",
    "body": [
        "Số: 388/2026; Quyển số: 01/2026",
        "Họ, chữ đệm, tên: Đặng Bảo Ngọc",
        "Ngày, tháng, năm sinh: 14/08/2026",
        "Ghi bằng chữ: Ngày mười bốn, tháng tám, năm hai nghìn không trăm hai mươi sáu",
        "Giới tính: Nữ; Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nơi sinh: Bệnh viện Đa khoa Hà Đông, thành phố Hà Nội",
        "Quê quán: xã Diễn Châu, tỉnh Nghệ An",
        "Số định danh cá nhân: 001326004218",
        "Họ, chữ đệm, tên người mẹ: Vũ Thị Hường; Năm sinh: 1996",
        "Họ, chữ đệm, tên người cha: Đặng Quốc Việt; Năm sinh: 1994",
        "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Hà Đông, thành phố Hà Nội",
        "Ngày, tháng, năm đăng ký: 20/08/2026",
        (C, "Hà Nội, ngày 20 tháng 8 năm 2026"),
    ],
}


# =============================================================================================
# Dossier batch (samples/dossiers/) and held-out set (samples/heldout/).
#
# Everything below is built by functions, never module-level page dicts, so the checks of the
# original batch above (generate.check_ids, write_pages_tsv) do not see it. Extra page-spec keys
# used only by the new renderer (generate.compose):
#   code_line  small line printed at the top left, above the national header ("Mã hồ sơ: ...")
#   header     False: no national header (continuation pages); "two-col": agency left, motto right
#   agency     left column lines of a two-column header: list of (text, bold)
#   title      str or list of str (lines); None: no title (page 2+ of a document)
#   footer     centered line at the bottom ("Trang 2/2")
#   qr         payload of a QR code printed top right (~2.5 cm)
#   smudge     a substring of a body line that is smeared with ink (unreadable)
#   kind       "page" (default) | "card" (ID card copy) | "drawing" (design drawing sheet)
# Body items: str = left, wrapped; (C, s) centered; ("b", s) bold left; ("bc", s) bold centered;
# ("r", s) right; ("i", s) italic left; ("ic", s) italic centered; ("ir", s) italic right.
# =============================================================================================

import datetime as _dt

EXPORT_DATE = "2025-11-05"  # the one-stop system export is taken on this day

UNITS = {
    "000.00.12.H30": {
        "ubnd": "Ủy ban nhân dân phường Điện Biên",
        "ubnd_upper": "ỦY BAN NHÂN DÂN PHƯỜNG ĐIỆN BIÊN",
        "locality": "phường Điện Biên, thành phố Hà Nội",
        "onestop": "Bộ phận Một cửa Ủy ban nhân dân phường Điện Biên",
        "kinhte": "Phòng Kinh tế, Hạ tầng và Đô thị phường Điện Biên",
        "signer": "Trần Đức Thịnh",
        "hotich": "Nguyễn Thị Bích Liên",
        "staff": ["Đỗ Thanh Tùng", "Nguyễn Thị Minh Nguyệt"],
    },
    "000.00.15.H30": {
        "ubnd": "Ủy ban nhân dân xã Tiên Phong",
        "ubnd_upper": "ỦY BAN NHÂN DÂN XÃ TIÊN PHONG",
        "locality": "xã Tiên Phong, thành phố Hà Nội",
        "onestop": "Bộ phận Một cửa Ủy ban nhân dân xã Tiên Phong",
        "kinhte": "Phòng Kinh tế xã Tiên Phong",
        "signer": "Ngô Văn Bình",
        "hotich": "Đinh Văn Quyết",
        "staff": ["Phạm Thị Hồng Nhung", "Lương Văn Khải"],
    },
}

PROCS = {
    "1.001193": {"name": "Đăng ký khai sinh", "days": 0, "limit": "Trong ngày làm việc"},
    "1.000894": {"name": "Đăng ký kết hôn", "days": 5, "limit": "05 ngày làm việc"},
    "1.004873": {"name": "Cấp Giấy xác nhận tình trạng hôn nhân", "days": 3, "limit": "03 ngày làm việc"},
    "1.009974": {"name": "Cấp giấy phép xây dựng nhà ở riêng lẻ", "days": 15, "limit": "15 ngày làm việc"},
    "2.000575": {"name": "Đăng ký thành lập hộ kinh doanh", "days": 3, "limit": "03 ngày làm việc"},
    "1.013831": {"name": "Đăng ký biến động quyền sử dụng đất do chuyển nhượng", "days": 10,
                 "limit": "10 ngày làm việc"},
}

# Required input components that must be digitized (DOMAIN.md `*`, conditional ones left out;
# can_cuoc_cong_dan is not must-digitize). Used for the expected report.
MUST_DIGITIZE_REQUIRED = {
    "1.001193": ["to_khai_khai_sinh", "giay_chung_sinh"],
    "1.000894": ["to_khai_dang_ky_ket_hon"],
    "1.004873": ["to_khai_xac_nhan_tinh_trang_hon_nhan"],
    "1.009974": ["don_de_nghi_cap_giay_phep_xay_dung", "giay_chung_nhan_quyen_su_dung_dat", "ban_ve_thiet_ke"],
    "2.000575": ["giay_de_nghi_dang_ky_ho_kinh_doanh"],
    "1.013831": ["don_dang_ky_bien_dong_dat_dai", "hop_dong_chuyen_nhuong_quyen_su_dung_dat",
                 "giay_chung_nhan_quyen_su_dung_dat"],
}

HOLIDAYS = {"2025-09-01", "2025-09-02"}  # Quốc khánh 2025 (Mon-Tue); weekends are skipped too

_A = "số {} phố {}, phường Điện Biên, thành phố Hà Nội"
_B = "thôn {}, xã Tiên Phong, thành phố Hà Nội"

# name -> id, date of birth, sex, ethnicity, place of origin (quê quán), residence, phone.
# IDs: 3-digit province of birth registration, century/sex digit, 2-digit year, 6 digits.
PEOPLE2 = {}


def _p(name, cid, dob, sex, addr, home, phone="", eth="Kinh"):
    PEOPLE2[name] = {"name": name, "id": cid, "dob": dob, "sex": sex, "addr": addr, "home": home,
                     "phone": phone, "eth": eth}


_p("Ngô Thị Lan Anh", "001195008342", "14/05/1995", "F", _A.format(18, "Nguyễn Thái Học"), "xã Ứng Hòa, thành phố Hà Nội", "0904 215 338")
_p("Bùi Đức Mạnh", "001093015726", "03/11/1993", "M", _A.format(18, "Nguyễn Thái Học"), "xã Chương Mỹ, thành phố Hà Nội")
_p("Bùi Gia Hân", "001325006117", "01/07/2025", "F", _A.format(18, "Nguyễn Thái Học"), "xã Chương Mỹ, thành phố Hà Nội")
_p("Phan Minh Tuấn", "001091022455", "22/02/1991", "M", "số 7 ngõ 32 phố Hoàng Diệu, phường Điện Biên, thành phố Hà Nội", "xã Thanh Oai, thành phố Hà Nội", "0913 552 047")
_p("Trịnh Văn Hậu", "001085017839", "17/09/1985", "M", _B.format("Bạch Đa"), "xã Thường Tín, thành phố Hà Nội", "0968 301 774")
_p("Nguyễn Thị Thủy", "001187020146", "05/01/1987", "F", _B.format("Bạch Đa"), "xã Tiên Phong, thành phố Hà Nội")
_p("Đỗ Thị Thanh Tâm", "001182009930", "08/12/1982", "F", _B.format("Yên Thị"), "xã Tiên Phong, thành phố Hà Nội", "0977 120 486")
_p("Lại Thu Trang", "001197011246", "26/03/1997", "F", _A.format(45, "Lê Hồng Phong"), "phường Điện Biên, thành phố Hà Nội", "0935 664 201")
_p("Hà Minh Quân", "001096020573", "09/10/1996", "M", _A.format(9, "Điện Biên Phủ"), "xã Sóc Sơn, thành phố Hà Nội")
_p("Nguyễn Thị Hoa", "001189006672", "30/06/1989", "F", _B.format("Đại Bái"), "xã Tiên Phong, thành phố Hà Nội", "0982 447 015")
_p("Đinh Thị Ngọc Mai", "037198004521", "12/01/1998", "F", _A.format(21, "Chu Văn An"), "xã Gia Viễn, tỉnh Ninh Bình", "0945 218 630")
_p("Kiều Văn Long", "001096031804", "25/04/1996", "M", _A.format(21, "Chu Văn An"), "xã Phúc Thọ, thành phố Hà Nội")
_p("Kiều Minh Đăng", "001225009463", "29/07/2025", "M", _A.format(21, "Chu Văn An"), "xã Phúc Thọ, thành phố Hà Nội")
_p("Vương Đình Khôi", "001068004417", "02/02/1968", "M", _B.format("Đại Bái"), "xã Tiên Phong, thành phố Hà Nội")
_p("Tạ Thị Phương", "001186013358", "19/08/1986", "F", _B.format("Cổ Điển"), "xã Mê Linh, thành phố Hà Nội", "0916 385 902")
_p("Hoàng Văn Đức", "034094007215", "15/03/1994", "M", _B.format("Yên Thị"), "xã Vũ Thư, tỉnh Hưng Yên", "0987 603 118")
_p("Mai Thị Thảo", "001198024367", "27/11/1998", "F", "số 5 ngõ 12 phố Trần Phú, phường Điện Biên, thành phố Hà Nội", "xã Thanh Trì, thành phố Hà Nội")
_p("Lưu Thị Kim Oanh", "001179005580", "04/04/1979", "F", _A.format(27, "Nguyễn Tri Phương"), "phường Điện Biên, thành phố Hà Nội", "0903 471 256")
_p("Phùng Văn Hải", "001076012908", "11/06/1976", "M", _A.format(27, "Nguyễn Tri Phương"), "xã Đan Phượng, thành phố Hà Nội")
_p("Trương Thị Bích Ngọc", "001300012873", "16/02/2000", "F", _A.format(11, "Lê Trực"), "xã Quốc Oai, thành phố Hà Nội", "0356 812 490")
_p("Cao Văn Thịnh", "001099018465", "05/06/1999", "M", _A.format(11, "Lê Trực"), "xã Ba Vì, thành phố Hà Nội")
_p("Cao Bảo An", "001325014826", "10/08/2025", "F", _A.format(11, "Lê Trực"), "xã Ba Vì, thành phố Hà Nội")
_p("Nghiêm Xuân Bách", "001095027738", "21/01/1995", "M", _B.format("Bạch Đa"), "xã Tiên Phong, thành phố Hà Nội", "0972 840 315")
_p("Tô Thị Diệu Linh", "036199008124", "13/07/1999", "F", "xóm 3, xã Hải Hậu, tỉnh Ninh Bình", "xã Hải Hậu, tỉnh Ninh Bình")
_p("Vũ Đức Anh", "001077006194", "30/10/1977", "M", "số 14 ngõ 5 phố Lê Trực, phường Điện Biên, thành phố Hà Nội", "phường Điện Biên, thành phố Hà Nội", "0912 006 583")
_p("Kim Thị Hằng", "001190029941", "08/08/1990", "F", _A.format(33, "Hoàng Văn Thụ"), "xã Gia Lâm, thành phố Hà Nội", "0904 937 612")
_p("Lý Thị Thu Hiền", "001194019027", "11/11/1994", "F", _B.format("Đông Cao"), "xã Tiên Phong, thành phố Hà Nội", "0961 225 407")
_p("Quách Đình Toàn", "001092008856", "20/12/1992", "M", _B.format("Đông Cao"), "xã Tiên Phong, thành phố Hà Nội")
_p("Quách Minh Khôi", "001225017390", "02/09/2025", "M", _B.format("Đông Cao"), "xã Tiên Phong, thành phố Hà Nội")
_p("Phí Văn Thắng", "001062003348", "07/07/1962", "M", "số 16 ngõ 9 phố Hoàng Diệu, phường Điện Biên, thành phố Hà Nội", "phường Điện Biên, thành phố Hà Nội")
_p("Lâm Thị Ngọc Bích", "001188021164", "23/05/1988", "F", _A.format(40, "Ông Ích Khiêm"), "xã Đông Anh, thành phố Hà Nội", "0915 770 384")
_p("Đàm Văn Sơn", "001087014573", "12/12/1987", "M", _B.format("Đại Bái"), "xã Tiên Phong, thành phố Hà Nội", "0936 158 249")
_p("Triệu Thị Mỹ Duyên", "001301007752", "09/09/2001", "F", _B.format("Cổ Điển"), "xã Tiên Phong, thành phố Hà Nội", "0389 402 615")
_p("Hồ Thị Quỳnh Như", "040196020818", "03/03/1996", "F", _A.format(2, "Chùa Một Cột"), "xã Diễn Châu, tỉnh Nghệ An", "0948 311 520")
_p("Mạc Văn Tiến", "001093026641", "18/08/1993", "M", _A.format(2, "Chùa Một Cột"), "xã Thạch Thất, thành phố Hà Nội")
_p("Mạc Quỳnh Chi", "001325020975", "19/09/2025", "F", _A.format(2, "Chùa Một Cột"), "xã Thạch Thất, thành phố Hà Nội")
_p("Chu Văn Lợi", "001080023317", "05/05/1980", "M", _B.format("Đông Cao"), "xã Tiên Phong, thành phố Hà Nội", "0983 526 140")
_p("Tăng Thị Mỹ Linh", "001190034412", "28/02/1990", "F", _A.format(31, "Nguyễn Thái Học"), "phường Điện Biên, thành phố Hà Nội", "0904 668 731")
_p("Lê Văn Khoa", "001088027451", "14/10/1988", "M", _A.format(31, "Nguyễn Thái Học"), "xã Hoài Đức, thành phố Hà Nội")
_p("Khúc Văn Nam", "001093031150", "14/06/1993", "M", _B.format("Yên Thị"), "xã Tiên Phong, thành phố Hà Nội", "0977 914 062")
_p("Doãn Thị Thu Trà", "001197027804", "02/10/1997", "F", _B.format("Bạch Đa"), "xã Tiên Phong, thành phố Hà Nội")
_p("Hà Thị Kiều Trinh", "001193025510", "19/01/1993", "F", _A.format(8, "Điện Biên Phủ"), "xã Phú Xuyên, thành phố Hà Nội", "0912 830 475")
_p("Nông Thị Hạnh", "001197030466", "25/12/1997", "F", _B.format("Cổ Điển"), "xã Tiên Phong, thành phố Hà Nội", "0366 205 918", eth="Tày")
_p("Bế Văn Cường", "006095004219", "06/06/1995", "M", _B.format("Cổ Điển"), "xã Ngân Sơn, tỉnh Thái Nguyên", eth="Tày")
_p("Bế Gia Bảo", "001225022584", "01/10/2025", "M", _B.format("Cổ Điển"), "xã Ngân Sơn, tỉnh Thái Nguyên", eth="Tày")
_p("Đoàn Minh Trí", "001092035528", "10/10/1992", "M", _A.format(6, "Lê Hồng Phong"), "phường Điện Biên, thành phố Hà Nội", "0903 245 117")
_p("Lò Thị Xuân", "014196003371", "15/04/1996", "F", "bản Hưng, xã Mường Bú, tỉnh Sơn La", "xã Mường Bú, tỉnh Sơn La", eth="Thái")
_p("Giáp Văn Tú", "024084006637", "01/08/1984", "M", _B.format("Đông Cao"), "xã Lạng Giang, tỉnh Bắc Ninh", "0979 338 260")
_p("Nguyễn Hữu Phước", "001058002291", "12/03/1958", "M", _A.format(22, "Chu Văn An"), "phường Điện Biên, thành phố Hà Nội")
_p("Dương Thị Hồng Vân", "001184016689", "30/09/1984", "F", _A.format(15, "Hoàng Diệu"), "xã Thanh Oai, thành phố Hà Nội", "0913 601 842")
_p("Lã Văn Hưng", "001086028813", "26/07/1986", "M", _B.format("Bạch Đa"), "xã Tiên Phong, thành phố Hà Nội", "0988 172 634")
_p("Tôn Nữ Thùy Dương", "046185009917", "17/02/1985", "F", "số 4 ngõ 20 phố Nguyễn Tri Phương, phường Điện Biên, thành phố Hà Nội", "phường Thuận Hóa, thành phố Huế", "0905 613 288")
_p("Âu Thị Minh Phương", "001196033107", "21/03/1996", "F", _B.format("Đại Bái"), "xã Tiên Phong, thành phố Hà Nội")
_p("Đặng Văn Lâm", "001090036624", "04/09/1990", "M", _A.format(12, "Hoàng Văn Thụ"), "phường Điện Biên, thành phố Hà Nội")
_p("Mẫn Thị Thoa", "027183005128", "29/05/1983", "F", _B.format("Đông Cao"), "xã Quế Võ, tỉnh Bắc Ninh")
_p("Kha Thị Yến", "001199037450", "08/02/1999", "F", "số 60 phố Ngọc Lâm, phường Bồ Đề, thành phố Hà Nội", "phường Bồ Đề, thành phố Hà Nội")
_p("Lục Thị Bảo Trâm", "001194038261", "13/12/1994", "F", _A.format(19, "Hoàng Diệu"), "xã Thanh Trì, thành phố Hà Nội", "0917 260 483")
_p("Tạ Quang Dũng", "001091039572", "01/05/1991", "M", _A.format(19, "Hoàng Diệu"), "xã Thanh Trì, thành phố Hà Nội")

# Dossiers. recv/done: datetimes (done None = not resolved). Procedure data in "x".
# cue/scan plan lives in generate.py (DOSSIER_PLAN); this is the one-stop system's view.
DOSSIERS = [
    dict(key="D01", code="000.00.12.H30-250707-0003", proc="1.001193", owner="Ngô Thị Lan Anh",
         recv="2025-07-07 08:45", done="2025-07-07 15:10", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(mother="Ngô Thị Lan Anh", father="Bùi Đức Mạnh", baby="Bùi Gia Hân", rel="Mẹ",
                hospital="Bệnh viện Phụ sản Hà Nội", born="06 giờ 15 phút", weight="3.100",
                gcs="1847/2025/GCS; Quyển số: 07", gcs_date="02/07/2025", midwife="Bác sĩ Trần Thu Hương",
                gks="112/2025; Quyển số: 01/2025")),
    dict(key="D02", code="000.00.12.H30-250715-0011", proc="1.004873", owner="Phan Minh Tuấn",
         recv="2025-07-15 10:20", done="2025-07-17 14:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(status="Chưa đăng ký kết hôn với ai.", purpose="Làm thủ tục mua bán nhà đất",
                gxn="041/2025/XNTTHN", gxn_date="2025-07-17", since="22/02/1991")),
    dict(key="D03", code="000.00.15.H30-250709-0002", proc="2.000575", owner="Trịnh Văn Hậu",
         recv="2025-07-09 09:00", done="2025-07-11 15:30", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(biz="Hộ kinh doanh Tạp hóa Hậu Thủy", biz_addr="thôn Bạch Đa, xã Tiên Phong, thành phố Hà Nội",
                trade="Bán lẻ lương thực, thực phẩm, đồ uống trong cửa hàng tổng hợp, mã ngành 4711",
                capital="150.000.000 đồng (Một trăm năm mươi triệu đồng)", workers="02",
                members=["Trịnh Văn Hậu", "Nguyễn Thị Thủy"], hkd="8123450971", hkd_date="2025-07-11",
                bb_date="2025-07-05")),
    dict(key="D04", code="000.00.15.H30-250722-0005", proc="1.009974", owner="Đỗ Thị Thanh Tâm",
         recv="2025-07-22 14:10", done="2025-08-08 10:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(plot="312", sheet="09", place="thôn Yên Thị, xã Tiên Phong, thành phố Hà Nội",
                land_area="118,6", floor1="96,0", total="288,0", height="11,8", floors="03",
                designer="Công ty TNHH Kiến trúc Xây dựng Minh Long", cert_no="KTS-HAN-00731",
                designer_addr="số 56 đường Phạm Văn Đồng, phường Xuân Đỉnh, thành phố Hà Nội",
                gcn=dict(serial="BK 206315", book="CH 01127", date="2012-04-16",
                         issuer="Ủy ban nhân dân huyện Mê Linh",
                         origin="Nhà nước giao đất có thu tiền sử dụng đất",
                         purpose="Đất ở tại nông thôn"),
                gpxd="87/GPXD", gpxd_date="2025-08-07", months="12")),
    dict(key="D05", code="000.00.12.H30-250728-0014", proc="1.000894", owner="Lại Thu Trang",
         recv="2025-07-28 09:30", done="2025-07-31 16:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(wife="Lại Thu Trang", husband="Hà Minh Quân", xn=None, gcnkh="36; Quyển số: 01/2025")),
    dict(key="D06", code="000.00.15.H30-250725-0006", proc="1.004873", owner="Nguyễn Thị Hoa",
         recv="2025-07-25 15:00", done="2025-07-29 09:30", status="Đã trả kết quả", channel="2", staff=0,
         x=dict(status="Đã ly hôn theo Bản án số 112/2021/HNGĐ-ST ngày 14/06/2021 của Tòa án nhân dân huyện Mê Linh; hiện tại chưa đăng ký kết hôn với ai.",
                purpose="Làm thủ tục vay vốn tại ngân hàng", gxn="058/2025/XNTTHN", gxn_date="2025-07-29",
                since="30/06/1989")),
    dict(key="D07", code="000.00.12.H30-250804-0006", proc="1.001193", owner="Đinh Thị Ngọc Mai",
         recv="2025-08-04 08:20", done="2025-08-04 14:40", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(mother="Đinh Thị Ngọc Mai", father="Kiều Văn Long", baby="Kiều Minh Đăng", rel="Mẹ",
                hospital="Bệnh viện Đa khoa Xanh Pôn", born="22 giờ 05 phút", weight="3.450",
                gcs="2216/2025/GCS; Quyển số: 11", gcs_date="31/07/2025", midwife="Nữ hộ sinh Vũ Thị Loan",
                gks="139/2025; Quyển số: 01/2025")),
    dict(key="D08", code="000.00.15.H30-250806-0003", proc="1.013831", owner="Tạ Thị Phương",
         recv="2025-08-06 09:10", done="2025-08-19 15:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(seller="Vương Đình Khôi", buyer="Tạ Thị Phương", plot="145", sheet="06", area="112,4",
                area_words="Một trăm mười hai phẩy bốn mét vuông",
                land_addr="thôn Đại Bái, xã Tiên Phong, thành phố Hà Nội",
                old_addr="thôn Đại Bái, xã Tiên Phong, huyện Mê Linh, thành phố Hà Nội",
                purpose="Đất ở tại nông thôn",
                gcn=dict(serial="CĐ 458712", book="CH 00512", date="2016-06-15",
                         issuer="Ủy ban nhân dân huyện Mê Linh",
                         origin="Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"),
                hd="2156/2025/HĐCN", hd_date="2025-07-28", notary="Văn phòng công chứng Mê Linh",
                notary_book="03/2025 TP/CC-SCC/HĐGD", notary_officer="Nguyễn Thị Kim Dung",
                price="2.350.000.000 đồng (Hai tỷ ba trăm năm mươi triệu đồng)",
                result="new", new_serial="DS 071842", new_book="DS 01873", result_date="2025-08-18")),
    dict(key="D09", code="000.00.15.H30-250811-0007", proc="1.004873", owner="Hoàng Văn Đức",
         recv="2025-08-11 08:30", done="2025-08-13 16:00", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(status="Chưa đăng ký kết hôn với ai.",
                purpose="Làm thủ tục đăng ký kết hôn với bà Mai Thị Thảo, sinh năm 1998, số định danh cá nhân 001198024367",
                gxn="087/2025/XNTTHN", gxn_date="2025-08-13", since="15/03/2012")),
    dict(key="D10", code="000.00.12.H30-250812-0004", proc="2.000575", owner="Lưu Thị Kim Oanh",
         recv="2025-08-12 10:45", done=None, status="Yêu cầu bổ sung hồ sơ", channel="1", staff=0,
         x=dict(biz="Hộ kinh doanh Quán ăn Kim Oanh",
                biz_addr="số 27 phố Nguyễn Tri Phương, phường Điện Biên, thành phố Hà Nội",
                trade="Nhà hàng và các dịch vụ ăn uống phục vụ lưu động, mã ngành 5610",
                capital="200.000.000 đồng (Hai trăm triệu đồng)", workers="03",
                members=["Lưu Thị Kim Oanh", "Phùng Văn Hải"], bb_date="2025-08-08")),
    dict(key="D11", code="000.00.12.H30-250818-0010", proc="1.001193", owner="Trương Thị Bích Ngọc",
         recv="2025-08-18 09:50", done="2025-08-18 16:05", status="Đã trả kết quả", channel="2", staff=1,
         x=dict(mother="Trương Thị Bích Ngọc", father="Cao Văn Thịnh", baby="Cao Bảo An", rel="Mẹ",
                hospital="Bệnh viện Phụ sản Trung ương", born="10 giờ 30 phút", weight="2.950",
                gcs="3305/2025/GCS; Quyển số: 15", gcs_date="12/08/2025", midwife="Bác sĩ Đỗ Minh Hà",
                gks="151/2025; Quyển số: 01/2025")),
    dict(key="D12", code="000.00.15.H30-250820-0004", proc="1.000894", owner="Nghiêm Xuân Bách",
         recv="2025-08-20 14:00", done="2025-08-26 10:30", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(wife="Tô Thị Diệu Linh", husband="Nghiêm Xuân Bách",
                xn=dict(person="Tô Thị Diệu Linh", no="064/2025/XNTTHN", date="2025-08-12",
                        issuer="Ủy ban nhân dân xã Hải Hậu, tỉnh Ninh Bình", place="Hải Hậu",
                        since="13/07/2017"),
                gcnkh="52; Quyển số: 01/2025")),
    dict(key="D13", code="000.00.12.H30-250825-0008", proc="1.009974", owner="Vũ Đức Anh",
         recv="2025-08-25 08:40", done=None, status="Đang xử lý, chờ bổ sung bản vẽ", channel="1", staff=0,
         x=dict(plot="58", sheet="21", place="số 14 ngõ 5 phố Lê Trực, phường Điện Biên, thành phố Hà Nội",
                land_area="64,5", floor1="58,0", total="290,0", height="18,6", floors="05",
                designer="Công ty Cổ phần Tư vấn Thiết kế Kiến Việt", cert_no="BXD-00021456",
                designer_addr="số 18 phố Trần Hưng Đạo, phường Cửa Nam, thành phố Hà Nội",
                gcn=dict(serial="BA 915260", book="CH 00733", date="2010-09-28",
                         issuer="Ủy ban nhân dân quận Ba Đình",
                         origin="Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
                         purpose="Đất ở tại đô thị"))),
    dict(key="D14", code="000.00.12.H30-250828-0015", proc="1.004873", owner="Kim Thị Hằng",
         recv="2025-08-28 14:30", done="2025-09-03 10:15", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(status="Chưa đăng ký kết hôn với ai.", purpose="Bổ sung hồ sơ vay vốn tại ngân hàng",
                gxn="072/2025/XNTTHN", gxn_date="2025-09-03", since="08/08/2008")),
    dict(key="D15", code="000.00.12.H30-250909-0012", proc="1.000894", owner="Hoàng Văn Đức",
         recv="2025-09-09 09:15", done="2025-09-15 15:00", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(wife="Mai Thị Thảo", husband="Hoàng Văn Đức", xn="D09", gcnkh="61; Quyển số: 01/2025")),
    dict(key="D16", code="000.00.15.H30-250910-0006", proc="1.001193", owner="Lý Thị Thu Hiền",
         recv="2025-09-10 08:05", done="2025-09-10 11:20", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(mother="Lý Thị Thu Hiền", father="Quách Đình Toàn", baby="Quách Minh Khôi", rel="Cha",
                hospital="Bệnh viện Đa khoa Mê Linh", born="03 giờ 50 phút", weight="3.300",
                gcs="0982/2025/GCS; Quyển số: 05", gcs_date="05/09/2025", midwife="Nữ hộ sinh Phùng Thị Nga",
                gks="96/2025; Quyển số: 01/2025")),
    dict(key="D17", code="000.00.12.H30-250916-0009", proc="1.013831", owner="Lâm Thị Ngọc Bích",
         recv="2025-09-16 10:00", done=None, status="Đang xử lý", channel="1", staff=1,
         x=dict(seller="Phí Văn Thắng", buyer="Lâm Thị Ngọc Bích", plot="58", sheet="21", area="54,2",
                area_words="Năm mươi tư phẩy hai mét vuông",
                land_addr="số 16 ngõ 9 phố Hoàng Diệu, phường Điện Biên, thành phố Hà Nội",
                old_addr="số 16 ngõ 9 phố Hoàng Diệu, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
                purpose="Đất ở tại đô thị",
                gcn=dict(serial="CS 120447", book="CS 05816", date="2019-11-04",
                         issuer="Sở Tài nguyên và Môi trường thành phố Hà Nội",
                         origin="Nhận thừa kế quyền sử dụng đất"),
                hd="4871/2025/HĐCN", hd_date="2025-09-10", notary="Văn phòng công chứng Ba Đình",
                notary_book="09/2025 TP/CC-SCC/HĐGD", notary_officer="Trần Quốc Bảo",
                price="6.800.000.000 đồng (Sáu tỷ tám trăm triệu đồng)", result=None)),
    dict(key="D18", code="000.00.15.H30-250917-0002", proc="2.000575", owner="Đàm Văn Sơn",
         recv="2025-09-17 13:45", done="2025-09-22 09:00", status="Đã trả kết quả", channel="2", staff=1,
         x=dict(biz="Hộ kinh doanh Sửa chữa xe máy Sơn Hà", biz_addr="thôn Đại Bái, xã Tiên Phong, thành phố Hà Nội",
                trade="Bảo dưỡng và sửa chữa mô tô, xe máy, mã ngành 4542",
                capital="80.000.000 đồng (Tám mươi triệu đồng)", workers="02", members=None)),
    dict(key="D19", code="000.00.15.H30-250923-0011", proc="1.004873", owner="Triệu Thị Mỹ Duyên",
         recv="2025-09-23 10:30", done="2025-09-29 15:20", status="Đã trả kết quả (trễ hạn)", channel="1", staff=0,
         x=dict(status="Chưa đăng ký kết hôn với ai.",
                purpose="Làm thủ tục nhận chuyển nhượng quyền sử dụng đất",
                gxn="104/2025/XNTTHN", gxn_date="2025-09-29", since="09/09/2019")),
    dict(key="D20", code="000.00.12.H30-250925-0016", proc="1.001193", owner="Hồ Thị Quỳnh Như",
         recv="2025-09-25 15:10", done="2025-09-26 09:00", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(mother="Hồ Thị Quỳnh Như", father="Mạc Văn Tiến", baby="Mạc Quỳnh Chi", rel="Mẹ",
                hospital="Bệnh viện Phụ sản Hà Nội", born="13 giờ 25 phút", weight="3.050",
                gcs="2790/2025/GCS; Quyển số: 09", gcs_date="22/09/2025", midwife="Bác sĩ Lê Thị Mai",
                gks="188/2025; Quyển số: 01/2025")),
    dict(key="D21", code="000.00.15.H30-250929-0008", proc="1.009974", owner="Chu Văn Lợi",
         recv="2025-09-29 09:40", done="2025-10-17 14:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(plot="207", sheet="14", place="thôn Đông Cao, xã Tiên Phong, thành phố Hà Nội",
                land_area="142,0", floor1="110,5", total="221,0", height="8,4", floors="02",
                designer="Công ty TNHH Tư vấn Xây dựng Đông Anh", cert_no="HAN-00048213",
                designer_addr="tổ 3, xã Đông Anh, thành phố Hà Nội",
                gcn=dict(serial="BX 734019", book="CH 02240", date="2015-03-20",
                         issuer="Ủy ban nhân dân huyện Mê Linh",
                         origin="Được Nhà nước giao đất có thu tiền sử dụng đất",
                         purpose="Đất ở tại nông thôn"),
                gpxd="124/GPXD", gpxd_date="2025-10-16", months="12")),
    dict(key="D22", code="000.00.12.H30-251001-0005", proc="2.000575", owner="Tăng Thị Mỹ Linh",
         recv="2025-10-01 08:30", done="2025-10-06 10:00", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(biz="Hộ kinh doanh Tiệm bánh Mỹ Linh",
                biz_addr="số 31 phố Nguyễn Thái Học, phường Điện Biên, thành phố Hà Nội",
                trade="Sản xuất các loại bánh từ bột, mã ngành 1071",
                capital="250.000.000 đồng (Hai trăm năm mươi triệu đồng)", workers="04",
                members=["Tăng Thị Mỹ Linh", "Lê Văn Khoa"], hkd="8123467205", hkd_date="2025-10-06",
                bb_date="2025-09-27")),
    dict(key="D23", code="000.00.15.H30-251003-0003", proc="1.000894", owner="Khúc Văn Nam",
         recv="2025-10-03 09:20", done="2025-10-09 15:30", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(wife="Doãn Thị Thu Trà", husband="Khúc Văn Nam", xn=None, gcnkh="74; Quyển số: 01/2025")),
    dict(key="D24", code="000.00.12.H30-251006-0007", proc="1.004873", owner="Hà Thị Kiều Trinh",
         recv="2025-10-06 14:15", done="2025-10-09 10:40", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(status="Chưa đăng ký kết hôn với ai.", purpose="Làm thủ tục mua bán nhà ở",
                gxn="093/2025/XNTTHN", gxn_date="2025-10-09", since="19/01/2011")),
    dict(key="D25", code="000.00.15.H30-251008-0010", proc="1.001193", owner="Nông Thị Hạnh",
         recv="2025-10-08 10:10", done="2025-10-08 15:45", status="Đã trả kết quả", channel="1", staff=1,
         x=dict(mother="Nông Thị Hạnh", father="Bế Văn Cường", baby="Bế Gia Bảo", rel="Mẹ",
                hospital="Bệnh viện Đa khoa Mê Linh", born="17 giờ 40 phút", weight="3.200",
                gcs="1106/2025/GCS; Quyển số: 06", gcs_date="04/10/2025", midwife="Nữ hộ sinh Phùng Thị Nga",
                gks="117/2025; Quyển số: 01/2025")),
    dict(key="D26", code="000.00.12.H30-251014-0013", proc="1.000894", owner="Đoàn Minh Trí",
         recv="2025-10-14 08:50", done=None, status="Đang xử lý", channel="1", staff=1,
         x=dict(wife="Lò Thị Xuân", husband="Đoàn Minh Trí",
                xn=dict(person="Lò Thị Xuân", no="029/2025/XNTTHN", date="2025-09-30",
                        issuer="Ủy ban nhân dân xã Mường Bú, tỉnh Sơn La", place="Mường Bú",
                        since="15/04/2014"),
                gcnkh=None)),
    dict(key="D27", code="000.00.15.H30-251015-0001", proc="2.000575", owner="Giáp Văn Tú",
         recv="2025-10-15 07:45", done=None, status="Đang xử lý", channel="1", staff=0,
         x=dict(biz="Hộ kinh doanh Vật liệu xây dựng Tú Giáp", biz_addr="thôn Đông Cao, xã Tiên Phong, thành phố Hà Nội",
                trade="Bán buôn vật liệu, thiết bị lắp đặt khác trong xây dựng, mã ngành 4663",
                capital="500.000.000 đồng (Năm trăm triệu đồng)", workers="05", members=None)),
    dict(key="D28", code="000.00.12.H30-251020-0004", proc="1.013831", owner="Dương Thị Hồng Vân",
         recv="2025-10-20 09:00", done="2025-11-03 15:00", status="Đã trả kết quả", channel="1", staff=0,
         x=dict(seller="Nguyễn Hữu Phước", buyer="Dương Thị Hồng Vân", plot="77", sheet="15", area="68,3",
                area_words="Sáu mươi tám phẩy ba mét vuông",
                land_addr="số 22 phố Chu Văn An, phường Điện Biên, thành phố Hà Nội",
                old_addr="số 22 phố Chu Văn An, phường Điện Biên, quận Ba Đình, thành phố Hà Nội",
                purpose="Đất ở tại đô thị",
                gcn=dict(serial="BT 308251", book="CH 01562", date="2014-05-14",
                         issuer="Ủy ban nhân dân quận Ba Đình",
                         origin="Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất"),
                hd="5528/2025/HĐCN", hd_date="2025-10-15", notary="Văn phòng công chứng Ba Đình",
                notary_book="10/2025 TP/CC-SCC/HĐGD", notary_officer="Trần Quốc Bảo",
                price="7.450.000.000 đồng (Bảy tỷ bốn trăm năm mươi triệu đồng)",
                result="update", result_date="2025-10-31")),
    dict(key="D29", code="000.00.15.H30-251029-0006", proc="1.004873", owner="Lã Văn Hưng",
         recv="2025-10-29 10:00", done=None, status="Đang xử lý", channel="2", staff=1,
         x=dict(status="Chưa đăng ký kết hôn với ai.", purpose="Làm thủ tục đăng ký kết hôn",
                since="26/07/2004")),
    dict(key="D30", code="000.00.12.H30-251027-0011", proc="1.009974", owner="Tôn Nữ Thùy Dương",
         recv="2025-10-27 14:30", done=None, status="Yêu cầu bổ sung hồ sơ", channel="1", staff=1,
         x=dict(plot="112", sheet="18", place="số 4 ngõ 20 phố Nguyễn Tri Phương, phường Điện Biên, thành phố Hà Nội",
                land_area="72,8", floor1="65,2", total="326,0", height="19,2", floors="05",
                designer="Công ty TNHH Thiết kế Kiến trúc An Phú", cert_no="BXD-00037920",
                designer_addr="số 9 phố Kim Mã, phường Giảng Võ, thành phố Hà Nội")),
    # Received, nothing digitized: rows in dossiers.csv only.
    dict(key="U1", code="000.00.15.H30-250716-0004", proc="1.001193", owner="Âu Thị Minh Phương",
         recv="2025-07-16 09:00", done="2025-07-16 14:30", status="Đã trả kết quả", channel="2", staff=0, x={}),
    dict(key="U2", code="000.00.12.H30-250903-0002", proc="1.004873", owner="Đặng Văn Lâm",
         recv="2025-09-03 08:30", done="2025-09-05 16:00", status="Đã trả kết quả", channel="1", staff=0, x={}),
    dict(key="U3", code="000.00.15.H30-251024-0005", proc="2.000575", owner="Mẫn Thị Thoa",
         recv="2025-10-24 10:30", done=None, status="Đang xử lý", channel="3", staff=1, x={}),
]
DOSSIER_BY_KEY = {d["key"]: d for d in DOSSIERS}

# Documents of no dossier in dossiers.csv (negative cases).
UNKNOWN_CODE = "000.00.12.H30-250919-0021"  # well formed, not in dossiers.csv


# --------------------------------------------------------------------------- helpers


def when(s: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(s if len(s) > 10 else s + " 00:00")


def dmy(s) -> str:
    x = when(s) if isinstance(s, str) else s
    return f"{x.day:02d}/{x.month:02d}/{x.year}"


def ngay(place: str, s) -> str:
    x = when(s) if isinstance(s, str) else s
    return f"{place}, ngày {x.day:02d} tháng {x.month} năm {x.year}"


def gio(x: _dt.datetime) -> str:
    return f"{x.hour:02d} giờ {x.minute:02d} phút"


def is_workday(x: _dt.date) -> bool:
    return x.weekday() < 5 and x.isoformat() not in HOLIDAYS


def add_workdays(x: _dt.date, n: int) -> _dt.date:
    while n > 0:
        x += _dt.timedelta(days=1)
        n -= is_workday(x)
    return x


def due_of(d: dict) -> _dt.datetime:
    """NgayHenTra: same-day procedures are due at 16:30 (next working day when received after
    15:00, as the civil-status rules allow); others n working days later at 16:00."""
    r = when(d["recv"])
    days = PROCS[d["proc"]]["days"]
    if days == 0:
        day = r.date() if r.hour < 15 else add_workdays(r.date(), 1)
        return _dt.datetime.combine(day, _dt.time(16, 30))
    return _dt.datetime.combine(add_workdays(r.date(), days), _dt.time(16, 0))


def person(name: str) -> dict:
    return PEOPLE2[name]


def ong_ba(p: dict) -> str:
    return "Ông" if p["sex"] == "M" else "Bà"


def gender(p: dict) -> str:
    return "Nam" if p["sex"] == "M" else "Nữ"


def year(p: dict) -> str:
    return p["dob"][-4:]


def unit_of(d: dict) -> dict:
    return UNITS[d["code"].rsplit("-", 2)[0]]


def place_of(d: dict) -> str:
    return "Hà Nội"


def signer_block(u: dict, head: str = "TM. ỦY BAN NHÂN DÂN") -> list:
    return [("bc", head), ("bc", "KT. CHỦ TỊCH"), ("bc", "PHÓ CHỦ TỊCH"), (C, u["signer"])]


# --------------------------------------------------------------------------- receipt


def xn_of(d: dict) -> dict:
    """The marital-status certificate a marriage dossier carries: its own data, or a reference
    to the dossier (key) whose result it is."""
    xn = d["x"]["xn"]
    if isinstance(xn, dict):
        return xn
    src = DOSSIER_BY_KEY[xn]
    return {"person": src["owner"], "no": src["x"]["gxn"], "date": src["x"]["gxn_date"], "dossier": xn}


def xn_side(d: dict) -> str:
    return "bên nữ" if xn_of(d)["person"] == d["x"]["wife"] else "bên nam"


def components(d: dict) -> list[str]:
    x = d["x"]
    p = d["proc"]
    if p == "1.001193":
        return ["Tờ khai đăng ký khai sinh: 01 bản chính", "Giấy chứng sinh: 01 bản chính"]
    if p == "1.000894":
        out = ["Tờ khai đăng ký kết hôn: 01 bản chính"]
        if x.get("xn"):
            out.append(f"Giấy xác nhận tình trạng hôn nhân của {xn_side(d)}: 01 bản chính")
        return out
    if p == "1.004873":
        return ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân: 01 bản chính"]
    if p == "1.009974":
        return ["Đơn đề nghị cấp giấy phép xây dựng: 01 bản chính",
                "Bản sao Giấy chứng nhận quyền sử dụng đất: 01 bản",
                "Bản vẽ thiết kế xây dựng: 02 bộ"]
    if p == "2.000575":
        out = ["Giấy đề nghị đăng ký hộ kinh doanh: 01 bản chính",
               "Bản sao căn cước công dân của chủ hộ: 01 bản"]
        if x.get("members"):
            out.append("Biên bản họp thành viên hộ gia đình: 01 bản chính")
        return out
    if p == "1.013831":
        return ["Đơn đăng ký biến động đất đai, tài sản gắn liền với đất: 01 bản",
                "Hợp đồng chuyển nhượng quyền sử dụng đất: 01 bản chính",
                "Bản gốc Giấy chứng nhận đã cấp: 01 bản"]
    raise KeyError(p)


def receipt(d: dict, print_code: bool = True, smudge: bool = False) -> list[dict]:
    u, o = unit_of(d), person(d["owner"])
    r, due = when(d["recv"]), due_of(d)
    online = d["channel"] == "2"
    body = []
    if print_code:
        body.append("Mã hồ sơ: " + d["code"])
    body += [
        f"{u['onestop']} tiếp nhận hồ sơ{' trực tuyến' if online else ''} của:",
        f"Ông/Bà: {o['name']}",
        f"Số định danh cá nhân: {o['id']}",
        f"Địa chỉ: {o['addr']}",
    ]
    if o["phone"]:
        body.append(f"Số điện thoại: {o['phone']}")
    body += [
        f"Nội dung yêu cầu giải quyết: {PROCS[d['proc']]['name']}",
        f"Mã thủ tục: {d['proc']}",
        "Thành phần hồ sơ gồm:",
        *[f"{i}. {c}" for i, c in enumerate(components(d), 1)],
        "Số lượng hồ sơ: 01 bộ",
        f"Thời hạn giải quyết: {PROCS[d['proc']]['limit']}",
        f"Thời gian nhận hồ sơ: {gio(r)}, ngày {dmy(r)}",
        f"Thời gian trả kết quả: {gio(due)}, ngày {dmy(due)}",
        f"Nơi trả kết quả: {u['onestop']}",
        f"Người tiếp nhận hồ sơ: {u['staff'][d['staff']]}",
    ]
    return [{"type": "giay_tiep_nhan_ho_so", "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
             "body": body, "qr": d["code"], "smudge": d["code"] if smudge else None}]


# --------------------------------------------------------------------------- birth (1.001193)


def to_khai_khai_sinh(d: dict) -> list[dict]:
    x, u = d["x"], unit_of(d)
    m, f, b = person(x["mother"]), person(x["father"]), person(x["baby"])
    req = m if x["rel"] == "Mẹ" else f
    return [{"type": "to_khai_khai_sinh", "title": "TỜ KHAI ĐĂNG KÝ KHAI SINH", "body": [
        f"Kính gửi: {u['ubnd']}, thành phố Hà Nội",
        f"Họ, chữ đệm, tên người yêu cầu: {req['name']}",
        f"Số định danh cá nhân: {req['id']}",
        f"Nơi cư trú: {req['addr']}",
        f"Quan hệ với người được khai sinh: {x['rel']}",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        f"Họ, chữ đệm, tên: {b['name']}",
        f"Ngày, tháng, năm sinh: {b['dob']}",
        f"Giới tính: {gender(b)}; Dân tộc: {b['eth']}; Quốc tịch: Việt Nam",
        f"Nơi sinh: {x['hospital']}, thành phố Hà Nội",
        f"Quê quán: {b['home']}",
        f"Họ, chữ đệm, tên người mẹ: {m['name']}; Năm sinh: {year(m)}",
        f"Số định danh cá nhân của người mẹ: {m['id']}",
        f"Họ, chữ đệm, tên người cha: {f['name']}; Năm sinh: {year(f)}",
        f"Số định danh cá nhân của người cha: {f['id']}",
        "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật và chịu "
        "trách nhiệm trước pháp luật về cam đoan của mình.",
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Người yêu cầu: {req['name']}"),
    ]}]


def giay_chung_sinh(d: dict) -> list[dict]:
    x = d["x"]
    m, b = person(x["mother"]), person(x["baby"])
    bd = b["dob"].split("/")
    return [{"type": "giay_chung_sinh", "title": "GIẤY CHỨNG SINH", "body": [
        f"Số: {x['gcs']}",
        f"Cơ sở khám bệnh, chữa bệnh: {x['hospital']}",
        f"Họ và tên mẹ: {m['name']}; Năm sinh: {year(m)}",
        f"Số định danh cá nhân: {m['id']}",
        f"Nơi cư trú: {m['addr']}",
        f"Dân tộc: {m['eth']}",
        f"Đã sinh con vào lúc: {x['born']}, ngày {bd[0]} tháng {bd[1]} năm {bd[2]}",
        f"Tại: {x['hospital']}",
        "Số con trong lần sinh này: 01",
        f"Giới tính của con: {gender(b)}; Cân nặng: {x['weight']} gam",
        "Tình trạng sức khỏe của con khi sinh: Bình thường",
        f"Dự định đặt tên con là: {b['name']}",
        f"Người đỡ đẻ: {x['midwife']}",
        (C, ngay("Hà Nội", "-".join(reversed(x["gcs_date"].split("/"))))),
        (C, "Thủ trưởng cơ sở khám bệnh, chữa bệnh"),
    ]}]


_DAY_WORDS = {1: "mồng một", 2: "mồng hai", 10: "mồng mười", 19: "mười chín", 29: "hai mươi chín"}
_MONTH_WORDS = {7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


def giay_khai_sinh(d: dict) -> list[dict]:
    x, u = d["x"], unit_of(d)
    m, f, b = person(x["mother"]), person(x["father"]), person(x["baby"])
    dd, mm, yy = (int(v) for v in b["dob"].split("/"))
    words = f"Ngày {_DAY_WORDS[dd]}, tháng {_MONTH_WORDS[mm]}, năm hai nghìn không trăm hai mươi lăm"
    return [{"type": "giay_khai_sinh", "title": "GIẤY KHAI SINH", "body": [
        f"Số: {x['gks']}",
        f"Họ, chữ đệm, tên: {b['name']}",
        f"Ngày, tháng, năm sinh: {b['dob']}",
        f"Ghi bằng chữ: {words}",
        f"Giới tính: {gender(b)}; Dân tộc: {b['eth']}; Quốc tịch: Việt Nam",
        f"Nơi sinh: {x['hospital']}, thành phố Hà Nội",
        f"Quê quán: {b['home']}",
        f"Số định danh cá nhân: {b['id']}",
        f"Họ, chữ đệm, tên người mẹ: {m['name']}; Năm sinh: {year(m)}",
        f"Dân tộc: {m['eth']}; Quốc tịch: Việt Nam; Nơi cư trú: {m['addr']}",
        f"Họ, chữ đệm, tên người cha: {f['name']}; Năm sinh: {year(f)}",
        f"Dân tộc: {f['eth']}; Quốc tịch: Việt Nam; Nơi cư trú: {f['addr']}",
        f"Nơi đăng ký khai sinh: {u['ubnd']}, thành phố Hà Nội",
        f"Ngày, tháng, năm đăng ký: {dmy(d['done'])}",
        (C, ngay("Hà Nội", d["done"])),
        *signer_block(u),
    ]}]


# --------------------------------------------------------------------------- marital status (1.004873)


def to_khai_xac_nhan(d: dict) -> list[dict]:
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    return [{"type": "to_khai_xac_nhan_tinh_trang_hon_nhan",
             "title": "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "body": [
        f"Kính gửi: {u['ubnd']}, thành phố Hà Nội",
        f"Họ, chữ đệm, tên người yêu cầu: {o['name']}",
        f"Số định danh cá nhân: {o['id']}",
        f"Nơi cư trú: {o['addr']}",
        "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân: Bản thân",
        "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
        f"Họ, chữ đệm, tên: {o['name']}",
        f"Ngày, tháng, năm sinh: {o['dob']}",
        f"Giới tính: {gender(o)}; Dân tộc: {o['eth']}; Quốc tịch: Việt Nam",
        f"Nơi cư trú: {o['addr']}",
        f"Trong thời gian cư trú tại {u['locality']} từ ngày {x['since']} đến ngày {dmy(d['recv'])}",
        f"Tình trạng hôn nhân: {x['status']}",
        f"Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân: {x['purpose']}",
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
        "pháp luật về cam đoan của mình.",
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Người yêu cầu: {o['name']}"),
    ]}]


def giay_xac_nhan(d: dict) -> list[dict]:
    """The certificate issued by the dossier's unit (result of 1.004873)."""
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    return [{"type": "giay_xac_nhan_tinh_trang_hon_nhan", "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
             "body": [
        f"Số: {x['gxn']}",
        f"{u['ubnd']}, thành phố Hà Nội xác nhận:",
        f"Họ, chữ đệm, tên: {o['name']}",
        f"Ngày, tháng, năm sinh: {o['dob']}",
        f"Giới tính: {gender(o)}; Dân tộc: {o['eth']}; Quốc tịch: Việt Nam",
        f"Số định danh cá nhân: {o['id']}",
        f"Nơi cư trú: {o['addr']}",
        f"Trong thời gian cư trú tại {u['locality']} từ ngày {x['since']} đến ngày {dmy(x['gxn_date'])}",
        f"Tình trạng hôn nhân: {x['status']}",
        f"Giấy này được cấp để: {x['purpose']}",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, ngay("Hà Nội", x["gxn_date"])),
        *signer_block(u),
    ]}]


def giay_xac_nhan_other(xn: dict) -> list[dict]:
    """A certificate issued elsewhere, submitted as an input of a marriage dossier."""
    o = person(xn["person"])
    return [{"type": "giay_xac_nhan_tinh_trang_hon_nhan", "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
             "body": [
        f"Số: {xn['no']}",
        f"{xn['issuer']} xác nhận:",
        f"Họ, chữ đệm, tên: {o['name']}",
        f"Ngày, tháng, năm sinh: {o['dob']}",
        f"Giới tính: {gender(o)}; Dân tộc: {o['eth']}; Quốc tịch: Việt Nam",
        f"Số định danh cá nhân: {o['id']}",
        f"Nơi cư trú: {o['addr']}",
        f"Trong thời gian cư trú tại {xn['issuer'].replace('Ủy ban nhân dân ', '')} từ ngày {xn['since']} "
        f"đến ngày {dmy(xn['date'])}",
        "Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.",
        "Giấy này được cấp để: Làm thủ tục đăng ký kết hôn",
        "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
        (C, ngay(xn["place"], xn["date"])),
        ("bc", "TM. ỦY BAN NHÂN DÂN"), ("bc", "CHỦ TỊCH"),
    ]}]


# --------------------------------------------------------------------------- marriage (1.000894)


def to_khai_ket_hon(d: dict, pages: int = 1) -> list[dict]:
    x, u = d["x"], unit_of(d)
    w, h = person(x["wife"]), person(x["husband"])

    def side(label, p):
        return [("b", label),
                f"Họ, chữ đệm, tên: {p['name']}",
                f"Ngày, tháng, năm sinh: {p['dob']}",
                f"Dân tộc: {p['eth']}; Quốc tịch: Việt Nam",
                f"Nơi cư trú: {p['addr']}",
                f"Số định danh cá nhân: {p['id']}",
                "Kết hôn lần thứ: Lần đầu"]

    head = [f"Kính gửi: {u['ubnd']}, thành phố Hà Nội"] + side("Thông tin bên nữ:", w) + side("Thông tin bên nam:", h)
    papers = "Giấy tờ kèm theo: Không"
    if x.get("xn"):
        xn = xn_of(d)
        papers = (f"Giấy tờ kèm theo: Giấy xác nhận tình trạng hôn nhân của {xn_side(d)} số {xn['no']}, "
                  f"cấp ngày {dmy(xn['date'])}")
    tail = [
        "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự "
        "nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
        "Chúng tôi chịu trách nhiệm trước pháp luật về lời cam đoan của mình.",
        f"Đề nghị {u['ubnd']} đăng ký.",
        papers,
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Bên nữ: {w['name']}"),
        (C, f"Bên nam: {h['name']}"),
    ]
    if pages == 1:
        return [{"type": "to_khai_dang_ky_ket_hon", "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "body": head + tail}]
    return [{"type": "to_khai_dang_ky_ket_hon", "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "body": head,
             "footer": "Trang 1/2"},
            {"type": "to_khai_dang_ky_ket_hon", "header": False, "title": None, "body": tail,
             "footer": "Trang 2/2"}]


def gcn_ket_hon(d: dict) -> list[dict]:
    x, u = d["x"], unit_of(d)
    w, h = person(x["wife"]), person(x["husband"])

    def side(label, p):
        return [("b", label),
                f"Họ, chữ đệm, tên: {p['name']}",
                f"Ngày, tháng, năm sinh: {p['dob']}; Dân tộc: {p['eth']}; Quốc tịch: Việt Nam",
                f"Nơi cư trú: {p['addr']}",
                f"Số định danh cá nhân: {p['id']}"]

    return [{"type": "giay_chung_nhan_ket_hon", "title": "GIẤY CHỨNG NHẬN KẾT HÔN", "body": [
        f"Số: {x['gcnkh']}",
        *side("Thông tin người chồng:", h),
        *side("Thông tin người vợ:", w),
        f"Nơi đăng ký: {u['ubnd']}, thành phố Hà Nội",
        f"Ngày, tháng, năm đăng ký: {dmy(d['done'])}",
        f"Chữ ký của chồng: {h['name']}",
        f"Chữ ký của vợ: {w['name']}",
        (C, ngay("Hà Nội", d["done"])),
        *signer_block(u),
    ]}]


# --------------------------------------------------------------------------- building permit (1.009974)


def don_xay_dung(d: dict, pages: int = 2) -> list[dict]:
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    p1 = [
        f"Kính gửi: {u['ubnd']}, thành phố Hà Nội",
        ("b", "1. Thông tin về chủ đầu tư:"),
        f"Tên chủ đầu tư: {o['name']}",
        f"Số định danh cá nhân: {o['id']}",
        f"Địa chỉ liên hệ: {o['addr']}",
        f"Số điện thoại: {o['phone']}",
        ("b", "2. Thông tin công trình:"),
        f"Địa điểm xây dựng: Thửa đất số {x['plot']}, tờ bản đồ số {x['sheet']}, {x['place']}",
        f"Diện tích lô đất: {x['land_area']} m2",
        ("b", "3. Nội dung đề nghị cấp phép:"),
        "Loại công trình: Nhà ở riêng lẻ; Cấp công trình: Cấp III",
        f"Diện tích xây dựng tầng 1: {x['floor1']} m2",
        f"Tổng diện tích sàn: {x['total']} m2",
        f"Chiều cao công trình: {x['height']} m; Số tầng: {x['floors']} tầng",
    ]
    p2 = [
        ("b", f"4. Đơn vị thiết kế: {x['designer']}"),
        f"Mã số chứng chỉ năng lực: {x['cert_no']}",
        f"Địa chỉ: {x['designer_addr']}",
        "5. Phương án phá dỡ, di dời: Không",
        "6. Dự kiến thời gian hoàn thành công trình: 10 tháng",
        "7. Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn "
        "chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
        "Gửi kèm theo Đơn này các tài liệu:",
        "Bản sao Giấy chứng nhận quyền sử dụng đất",
        "Hai bộ bản vẽ thiết kế xây dựng",
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Người làm đơn: {o['name']}"),
    ]
    title = "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG"
    sub = "Sử dụng cho nhà ở riêng lẻ"
    if pages == 1:
        return [{"type": "don_de_nghi_cap_giay_phep_xay_dung", "title": title, "subtitle": sub, "body": p1 + p2}]
    return [{"type": "don_de_nghi_cap_giay_phep_xay_dung", "title": title, "subtitle": sub, "body": p1,
             "footer": "Trang 1/2"},
            {"type": "don_de_nghi_cap_giay_phep_xay_dung", "header": False, "title": None, "body": p2,
             "footer": "Trang 2/2"}]


GCN_OLD_TITLE = ["GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở",
                 "VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"]
GCN_NEW_TITLE = ["GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN", "GẮN LIỀN VỚI ĐẤT"]


def gcn_old(owner: str, gcn: dict, plot: str, sheet: str, area: str, addr: str, purpose: str,
            area_words: str | None = None) -> list[dict]:
    """A land-use certificate (2009-2024 form) issued years before the dossier."""
    o = person(owner)
    head = ("TM. " if gcn["issuer"].startswith("Ủy ban") else "") + gcn["issuer"].upper()
    area_line = f"c) Diện tích: {area} m2" + (f" (Bằng chữ: {area_words})" if area_words else "")
    return [{"type": "giay_chung_nhan_quyen_su_dung_dat", "title": GCN_OLD_TITLE, "body": [
        ("b", "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất"),
        f"{ong_ba(o)}: {o['name']}; Năm sinh: {year(o)}",
        f"CCCD số: {o['id']}",
        f"Địa chỉ thường trú: {addr}",
        ("b", "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất"),
        "1. Thửa đất:",
        f"a) Thửa đất số: {plot}; Tờ bản đồ số: {sheet}",
        f"b) Địa chỉ: {addr}",
        area_line,
        "d) Hình thức sử dụng: Sử dụng riêng",
        f"đ) Mục đích sử dụng: {purpose}",
        "e) Thời hạn sử dụng: Lâu dài",
        f"g) Nguồn gốc sử dụng: {gcn['origin']}",
        "2. Nhà ở: -/-",
        "3. Ghi chú: Không",
        (C, ngay("Hà Nội", gcn["date"])),
        ("bc", head),
        f"Số vào sổ cấp GCN: {gcn['book']}",
        f"Số phát hành: {gcn['serial']}",
    ]}]


def ban_ve(d: dict, sheet: str = "KT-01", view: str = "MẶT BẰNG TẦNG 1") -> list[dict]:
    x, o = d["x"], person(d["owner"])
    return [{"kind": "drawing", "type": "ban_ve_thiet_ke", "paper": "A4", "seed": int(x["plot"]),
             "floors": x["floors"], "view": view,
             "titleblock": [
                 ("b", "BẢN VẼ THIẾT KẾ"),
                 ("r", "Công trình: Nhà ở riêng lẻ"),
                 ("r", f"Chủ đầu tư: {o['name']}"),
                 ("r", f"Địa điểm: Thửa đất số {x['plot']}, tờ bản đồ số {x['sheet']}"),
                 ("r", f"Đơn vị thiết kế: {x['designer']}"),
                 ("r", f"Bản vẽ: {view.capitalize()}"),
                 ("r", f"Tỷ lệ: 1/100; Ký hiệu: {sheet}"),
             ]}]


def gpxd(d: dict) -> list[dict]:
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    g = x["gcn"]
    return [{"type": "giay_phep_xay_dung", "title": "GIẤY PHÉP XÂY DỰNG", "subtitle": f"Số: {x['gpxd']}",
             "body": [
        (C, "(Sử dụng cho nhà ở riêng lẻ)"),
        f"1. Cấp cho: {ong_ba(o)} {o['name']}",
        f"Địa chỉ: {o['addr']}",
        "2. Được phép xây dựng công trình: Nhà ở riêng lẻ",
        f"Theo thiết kế của: {x['designer']}",
        f"Vị trí xây dựng: Thửa đất số {x['plot']}, tờ bản đồ số {x['sheet']}, {x['place']}",
        "Cốt nền xây dựng công trình: +0,45 m so với cốt vỉa hè",
        f"Diện tích xây dựng tầng 1: {x['floor1']} m2; Tổng diện tích sàn: {x['total']} m2",
        f"Chiều cao công trình: {x['height']} m; Số tầng: {x['floors']} tầng",
        "Chỉ giới đường đỏ, chỉ giới xây dựng: Theo bản vẽ kèm theo Giấy phép này",
        f"3. Giấy tờ về đất đai: Giấy chứng nhận quyền sử dụng đất số phát hành {g['serial']}, "
        f"do {g['issuer']} cấp ngày {dmy(g['date'])}",
        f"4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn {x['months']} tháng kể từ ngày cấp.",
        (C, ngay("Hà Nội", x["gpxd_date"])),
        *signer_block(u),
    ]}]


# --------------------------------------------------------------------------- household business (2.000575)


def de_nghi_hkd(d: dict, pages: int = 1) -> list[dict]:
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    p1 = [
        f"Kính gửi: {u['kinhte']}",
        f"Tôi là: {o['name']}; Giới tính: {gender(o)}",
        f"Sinh ngày: {o['dob']}; Dân tộc: {o['eth']}; Quốc tịch: Việt Nam",
        f"Số định danh cá nhân: {o['id']}",
        f"Nơi thường trú: {o['addr']}",
        f"Số điện thoại: {o['phone']}",
        "Đăng ký hộ kinh doanh với nội dung sau:",
        f"1. Tên hộ kinh doanh: {x['biz']}",
        f"2. Địa chỉ trụ sở: {x['biz_addr']}",
        f"3. Ngành, nghề kinh doanh: {x['trade']}",
        f"4. Vốn kinh doanh: {x['capital']}",
        f"5. Số lượng lao động dự kiến: {x['workers']} người",
    ]
    p2 = []
    if x.get("members"):
        p2.append("6. Thành viên hộ gia đình tham gia thành lập hộ kinh doanh:")
        for i, name in enumerate(x["members"], 1):
            m = person(name)
            p2.append(f"Thành viên {i}: {m['name']}, sinh ngày {m['dob']}, số định danh cá nhân {m['id']}")
        p2.append(f"Chủ hộ kinh doanh: {o['name']}")
    p2 += [
        "Tôi cam kết bản thân không thuộc diện bị cấm đăng ký hộ kinh doanh; trụ sở hộ kinh doanh "
        "thuộc quyền sử dụng hợp pháp của hộ gia đình; chịu trách nhiệm trước pháp luật về tính hợp "
        "pháp, chính xác, trung thực của nội dung đăng ký.",
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Chủ hộ kinh doanh: {o['name']}"),
    ]
    title = "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH"
    if pages == 1:
        return [{"type": "giay_de_nghi_dang_ky_ho_kinh_doanh", "title": title, "body": p1 + p2}]
    return [{"type": "giay_de_nghi_dang_ky_ho_kinh_doanh", "title": title, "body": p1, "footer": "Trang 1/2"},
            {"type": "giay_de_nghi_dang_ky_ho_kinh_doanh", "header": False, "title": None, "body": p2,
             "footer": "Trang 2/2"}]


def bien_ban_hop(d: dict) -> list[dict]:
    x, o = d["x"], person(d["owner"])
    members = [person(n) for n in x["members"]]
    t = when(x["bb_date"])
    body = [
        f"Hôm nay, ngày {t.day:02d} tháng {t.month} năm {t.year}, tại {x['biz_addr']}, "
        "các thành viên hộ gia đình đã họp, gồm:",
    ]
    for i, m in enumerate(members, 1):
        body.append(f"{i}. {ong_ba(m)} {m['name']}, sinh ngày {m['dob']}, số định danh cá nhân {m['id']}")
    body += [
        ("b", "Nội dung cuộc họp:"),
        f"Các thành viên hộ gia đình thống nhất thành lập {x['biz']}, địa chỉ trụ sở tại {x['biz_addr']}.",
        f"Ngành, nghề kinh doanh: {x['trade']}.",
        f"Vốn kinh doanh: {x['capital']}, do các thành viên cùng góp.",
        f"Các thành viên thống nhất cử {ong_ba(o).lower()} {o['name']} làm chủ hộ kinh doanh, đại diện "
        "cho hộ gia đình thực hiện thủ tục đăng ký và quản lý hoạt động kinh doanh.",
        "Biên bản được lập thành 02 bản, đã được đọc lại cho các thành viên cùng nghe và nhất trí thông qua.",
        (C, "Các thành viên hộ gia đình"),
        (C, "; ".join(m["name"] for m in members)),
    ]
    return [{"type": "bien_ban_hop_thanh_vien_ho_gia_dinh", "title": "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH",
             "subtitle": "Về việc thành lập hộ kinh doanh", "body": body}]


def gcn_hkd(d: dict) -> list[dict]:
    x, u, o = d["x"], unit_of(d), person(d["owner"])
    t = when(x["hkd_date"])
    body = [
        f"Mã số hộ kinh doanh: {x['hkd']}",
        f"Đăng ký lần đầu: ngày {t.day:02d} tháng {t.month:02d} năm {t.year}",
        f"1. Tên hộ kinh doanh: {x['biz'].replace('Hộ kinh doanh ', '').upper()}",
        f"2. Địa chỉ trụ sở hộ kinh doanh: {x['biz_addr']}",
        f"3. Ngành, nghề kinh doanh: {x['trade']}",
        f"4. Vốn kinh doanh: {x['capital']}",
        f"5. Họ và tên chủ hộ kinh doanh: {o['name'].upper()}; Giới tính: {gender(o)}",
        f"Sinh ngày: {o['dob']}; Dân tộc: {o['eth']}; Quốc tịch: Việt Nam",
        f"Số định danh cá nhân: {o['id']}",
        f"Địa chỉ thường trú: {o['addr']}",
    ]
    if x.get("members"):
        body.append("6. Thành viên hộ gia đình đăng ký hộ kinh doanh: " +
                    "; ".join(person(n)["name"] for n in x["members"]))
    body += [(C, ngay("Hà Nội", x["hkd_date"])), ("bc", "TRƯỞNG PHÒNG"), (C, "Nguyễn Văn Toản" if u is UNITS["000.00.15.H30"] else "Hoàng Thị Thu Trang")]
    return [{"type": "giay_chung_nhan_dang_ky_ho_kinh_doanh", "title": "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH",
             "subtitle": u["kinhte"], "body": body}]


# --------------------------------------------------------------------------- land (1.013831)


def don_bien_dong(d: dict) -> list[dict]:
    x, u = d["x"], unit_of(d)
    b, s, g = person(x["buyer"]), person(x["seller"]), x["gcn"]
    ask = ("Cấp mới Giấy chứng nhận quyền sử dụng đất cho bên nhận chuyển nhượng"
           if x.get("result") != "update" else "Xác nhận thay đổi vào Giấy chứng nhận đã cấp")
    return [{"type": "don_dang_ky_bien_dong_dat_dai",
             "title": ["ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI,", "TÀI SẢN GẮN LIỀN VỚI ĐẤT"], "body": [
        "Kính gửi: Văn phòng đăng ký đất đai thành phố Hà Nội",
        ("b", "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:"),
        f"{ong_ba(b)} {b['name']}; Năm sinh: {year(b)}; Số định danh cá nhân: {b['id']}",
        f"Địa chỉ: {b['addr']}",
        ("b", "2. Giấy chứng nhận đã cấp:"),
        f"Số phát hành: {g['serial']}; Số vào sổ cấp GCN: {g['book']}; Ngày cấp: {dmy(g['date'])}",
        ("b", "3. Thửa đất có thay đổi:"),
        f"Thửa đất số: {x['plot']}; Tờ bản đồ số: {x['sheet']}; Diện tích: {x['area']} m2",
        f"Địa chỉ thửa đất: {x['land_addr']}",
        ("b", "4. Nội dung biến động:"),
        f"Chuyển nhượng toàn bộ quyền sử dụng đất từ {ong_ba(s).lower()} {s['name']} sang "
        f"{ong_ba(b).lower()} {b['name']}",
        ("b", "5. Lý do biến động:"),
        f"Nhận chuyển nhượng theo Hợp đồng số {x['hd']} ngày {dmy(x['hd_date'])}",
        f"6. Đề nghị: {ask}",
        "Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu trách "
        "nhiệm trước pháp luật.",
        (C, ngay("Hà Nội", d["recv"])),
        (C, f"Người viết đơn: {b['name']}"),
    ]}]


def hop_dong(d: dict, pages: int = 2) -> list[dict]:
    x = d["x"]
    b, s, g = person(x["buyer"]), person(x["seller"]), x["gcn"]
    t = when(x["hd_date"])
    p1 = [
        f"Hôm nay, ngày {t.day:02d} tháng {t.month} năm {t.year}, tại {x['notary']}, chúng tôi gồm:",
        ("b", "BÊN CHUYỂN NHƯỢNG (Bên A):"),
        f"{ong_ba(s)}: {s['name']}; Sinh năm: {year(s)}",
        f"Số định danh cá nhân: {s['id']}",
        f"Địa chỉ thường trú: {s['addr']}",
        ("b", "BÊN NHẬN CHUYỂN NHƯỢNG (Bên B):"),
        f"{ong_ba(b)}: {b['name']}; Sinh năm: {year(b)}",
        f"Số định danh cá nhân: {b['id']}",
        f"Địa chỉ thường trú: {b['addr']}",
        "Hai bên đồng ý thực hiện việc chuyển nhượng quyền sử dụng đất với các thỏa thuận sau đây:",
        ("b", "Điều 1. Quyền sử dụng đất chuyển nhượng"),
        f"Thửa đất số: {x['plot']}; Tờ bản đồ số: {x['sheet']}; Diện tích: {x['area']} m2",
        f"Địa chỉ thửa đất: {x['land_addr']}",
        f"Mục đích sử dụng: {x['purpose']}; Thời hạn sử dụng: Lâu dài",
        f"Giấy chứng nhận số phát hành {g['serial']}, số vào sổ {g['book']} do {g['issuer']} cấp ngày {dmy(g['date'])}",
    ]
    p2 = [
        ("b", "Điều 2. Giá chuyển nhượng và phương thức thanh toán"),
        f"Giá chuyển nhượng: {x['price']}",
        "Phương thức thanh toán: Chuyển khoản qua ngân hàng, thanh toán một lần khi ký hợp đồng.",
        ("b", "Điều 3. Việc giao và đăng ký quyền sử dụng đất"),
        "Bên A giao thửa đất cùng bản gốc Giấy chứng nhận cho Bên B ngay sau khi ký hợp đồng. Bên B "
        "có trách nhiệm đăng ký biến động tại cơ quan có thẩm quyền.",
        ("b", "Điều 4. Cam đoan của các bên"),
        "Thửa đất không có tranh chấp, không bị kê biên để bảo đảm thi hành án; các bên giao kết "
        "hợp đồng hoàn toàn tự nguyện.",
        ("b", "Điều 5. Điều khoản cuối cùng"),
        "Hợp đồng có hiệu lực kể từ ngày được công chứng.",
        (C, f"Bên A: {s['name']}; Bên B: {b['name']}"),
        f"Lời chứng của công chứng viên {x['notary_officer']}: Hợp đồng được công chứng ngày {dmy(x['hd_date'])}, "
        f"số công chứng {x['hd'].split('/')[0]}, quyển số {x['notary_book']}.",
    ]
    title = "HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT"
    if pages == 1:
        short = p1 + [p2[1], p2[2], p2[-2], p2[-1]]
        return [{"type": "hop_dong_chuyen_nhuong_quyen_su_dung_dat", "title": title,
                 "subtitle": f"Số: {x['hd']}", "body": short}]
    return [{"type": "hop_dong_chuyen_nhuong_quyen_su_dung_dat", "title": title, "subtitle": f"Số: {x['hd']}",
             "body": p1, "footer": "Trang 1/2"},
            {"type": "hop_dong_chuyen_nhuong_quyen_su_dung_dat", "header": False, "title": None, "body": p2,
             "footer": "Trang 2/2"}]


def gcn_input(d: dict) -> list[dict]:
    """The old certificate submitted as an input (land or building dossier)."""
    x = d["x"]
    if d["proc"] == "1.013831":
        return gcn_old(x["seller"], x["gcn"], x["plot"], x["sheet"], x["area"], x["old_addr"], x["purpose"],
                       x.get("area_words"))
    addr = x["place"].replace("xã Tiên Phong, thành phố", "xã Tiên Phong, huyện Mê Linh, thành phố") \
        .replace("phường Điện Biên, thành phố", "phường Điện Biên, quận Ba Đình, thành phố")
    return gcn_old(d["owner"], x["gcn"], x["plot"], x["sheet"], x["land_area"], addr, x["gcn"]["purpose"])


def gcn_result(d: dict) -> list[dict]:
    """The land result: a new certificate for the buyer ("new") or the old one with its change
    page filled in ("update"). Both end with the page that records the transfer."""
    x = d["x"]
    b, s, g = person(x["buyer"]), person(x["seller"]), x["gcn"]
    t = when(x["result_date"])
    if x["result"] == "new":
        p1 = {"type": "giay_chung_nhan_quyen_su_dung_dat", "title": GCN_NEW_TITLE, "body": [
            ("b", "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:"),
            f"{ong_ba(b)}: {b['name']}; Năm sinh: {year(b)}",
            f"Số định danh cá nhân: {b['id']}",
            f"Địa chỉ: {b['addr']}",
            ("b", "2. Thông tin thửa đất:"),
            f"Thửa đất số: {x['plot']}; Tờ bản đồ số: {x['sheet']}",
            f"Địa chỉ: {x['land_addr']}",
            f"Diện tích: {x['area']} m2; Hình thức sử dụng: Sử dụng riêng",
            f"Mục đích sử dụng: {x['purpose']}; Thời hạn sử dụng: Lâu dài",
            f"Nguồn gốc sử dụng: Nhận chuyển nhượng đất được {g['origin'][0].lower() + g['origin'][1:]}",
            ("b", "3. Tài sản gắn liền với đất: Không"),
            ("b", "4. Ghi chú: Không"),
            (C, ngay("Hà Nội", x["result_date"])),
            ("bc", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG THÀNH PHỐ HÀ NỘI"),
            ("bc", "KT. GIÁM ĐỐC"), ("bc", "PHÓ GIÁM ĐỐC"), (C, "Lê Thanh Hải"),
            f"Số vào sổ cấp Giấy chứng nhận: {x['new_book']}",
            f"Số phát hành: {x['new_serial']}",
        ], "footer": "Trang 1/2"}
        change = [
            f"Cấp Giấy chứng nhận cho {ong_ba(b).lower()} {b['name']} do nhận chuyển nhượng toàn bộ thửa đất "
            f"số {x['plot']}, tờ bản đồ số {x['sheet']} của {ong_ba(s).lower()} {s['name']} theo Hợp đồng "
            f"chuyển nhượng quyền sử dụng đất số {x['hd']} công chứng ngày {dmy(x['hd_date'])} tại {x['notary']}.",
            f"Giấy chứng nhận số phát hành {g['serial']} cấp ngày {dmy(g['date'])} cho {ong_ba(s).lower()} "
            f"{s['name']} đã được thu hồi.",
        ]
    else:
        p1 = dict(gcn_input(d)[0])
        p1["footer"] = "Trang 1/2"
        change = [
            f"Chuyển nhượng toàn bộ thửa đất cho {ong_ba(b).lower()} {b['name']}, sinh năm {year(b)}, số định "
            f"danh cá nhân {b['id']}, địa chỉ: {b['addr']}; theo Hợp đồng chuyển nhượng quyền sử dụng đất số "
            f"{x['hd']} công chứng ngày {dmy(x['hd_date'])} tại {x['notary']}.",
        ]
    p2 = {"type": "giay_chung_nhan_quyen_su_dung_dat", "header": False, "title": None, "body": [
        ("bc", "NHỮNG THAY ĐỔI SAU KHI CẤP GIẤY CHỨNG NHẬN"),
        ("b", f"Ngày {dmy(t)}: Nội dung thay đổi và cơ sở pháp lý"),
        *change,
        f"Hồ sơ số: {d['code']}, tiếp nhận ngày {dmy(d['recv'])}.",
        ("b", "Xác nhận của cơ quan có thẩm quyền:"),
        (C, ngay("Hà Nội", x["result_date"])),
        ("bc", "VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI THÀNH PHỐ HÀ NỘI"),
        ("bc", "KT. GIÁM ĐỐC"), ("bc", "PHÓ GIÁM ĐỐC"), (C, "Phạm Minh Đức"),
    ], "footer": "Trang 2/2"}
    return [p1, p2]


# --------------------------------------------------------------------------- ID card


def card_expiry(p: dict, issued: str) -> str:
    """CCCD validity: until the holder turns 25, 40 or 60 (cards issued within 2 years of a
    milestone run to the next one); none after 60."""
    dd, mm, yy = (int(v) for v in p["dob"].split("/"))
    iy = when(issued).year
    for age in (25, 40, 60):
        if iy < yy + age - 2:
            return f"{dd:02d}/{mm:02d}/{yy + age}"
    return "Không thời hạn"


def cccd(name: str, issued: str = "2021-04-12", variant: str = "cccd") -> list[dict]:
    """A copy of both sides of an ID card. variant "cccd": chip card 2021 ("CĂN CƯỚC CÔNG DÂN");
    "cancuoc": card under the 2023 Identity Law ("CĂN CƯỚC")."""
    p = person(name)
    if variant == "cccd":
        front = [
            ("hb", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("hb", "Độc lập - Tự do - Hạnh phúc"),
            ("t", "CĂN CƯỚC CÔNG DÂN"),
            ("f", f"Số / No.: {p['id']}"),
            ("f", "Họ và tên / Full name:"),
            ("v", p["name"].upper()),
            ("f", f"Ngày sinh / Date of birth: {p['dob']}"),
            ("f", f"Giới tính / Sex: {gender(p)}   Quốc tịch / Nationality: Việt Nam"),
            ("f", "Quê quán / Place of origin:"),
            ("v", p["home"]),
            ("f", "Nơi thường trú / Place of residence:"),
            ("v", p["addr"]),
            ("s", f"Có giá trị đến: {card_expiry(p, issued)}"),
        ]
        back = [
            ("f", "Đặc điểm nhân dạng / Personal identification:"),
            ("v", "Nốt ruồi cách 2 cm trên đuôi mắt phải"),
            ("f", f"Ngày, tháng, năm / Date, month, year: {dmy(issued)}"),
            ("hb", "CỤC TRƯỞNG CỤC CẢNH SÁT"),
            ("hb", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI"),
            ("v", "Nguyễn Quốc Hùng"),
        ]
    else:
        front = [
            ("hb", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("hb", "Độc lập - Tự do - Hạnh phúc"),
            ("t", "CĂN CƯỚC"),
            ("f", "Số định danh cá nhân / Personal identification number:"),
            ("v", p["id"]),
            ("f", "Họ, chữ đệm và tên khai sinh / Full name:"),
            ("v", p["name"].upper()),
            ("f", f"Ngày, tháng, năm sinh / Date of birth: {p['dob']}"),
            ("f", f"Giới tính / Sex: {gender(p)}   Quốc tịch / Nationality: Việt Nam"),
        ]
        back = [
            ("f", "Nơi cư trú / Place of residence:"),
            ("v", p["addr"]),
            ("f", "Nơi đăng ký khai sinh / Place of birth:"),
            ("v", p["home"]),
            ("f", f"Ngày, tháng, năm cấp / Date of issue: {dmy(issued)}"),
            ("f", f"Ngày, tháng, năm hết hạn / Date of expiry: {card_expiry(p, issued)}"),
            ("hb", "BỘ CÔNG AN"),
        ]
    return [{"kind": "card", "type": "can_cuoc_cong_dan", "front": front, "back": back}]


# =============================================================================================
# Held-out set: the catalog's document types laid out differently from the batch (other fonts,
# two-column headers, mixed-case or reworded titles, other field wording, tables, margins).
# "style" names a generate.STYLES preset. Two-column headers: "agency" is the left column,
# the motto the right one; "place_date" is printed in italics under the motto.
# =============================================================================================

_p("Nguyễn Thị Hải Yến", "022193004815", "02/05/1993", "F", "tổ 5, khu 3, phường Hạ Long, tỉnh Quảng Ninh", "phường Hạ Long, tỉnh Quảng Ninh", "0912 448 093")
_p("Trần Quốc Khánh", "079089012354", "19/04/1989", "M", "số 27 đường Yersin, phường Thủ Dầu Một, Thành phố Hồ Chí Minh", "phường Thủ Dầu Một, Thành phố Hồ Chí Minh", "0908 615 274")
_p("Phạm Thị Diệu Thúy", "048195006273", "24/06/1995", "F", "số 112 đường Lê Duẩn, phường Hải Châu, thành phố Đà Nẵng", "phường Hải Châu, thành phố Đà Nẵng", "0905 337 182")
_p("Lê Văn Hoàng", "048092011406", "07/01/1992", "M", "số 112 đường Lê Duẩn, phường Hải Châu, thành phố Đà Nẵng", "xã Hòa Vang, thành phố Đà Nẵng")
_p("Lê Phạm Gia Huy", "048225003918", "18/08/2025", "M", "số 112 đường Lê Duẩn, phường Hải Châu, thành phố Đà Nẵng", "xã Hòa Vang, thành phố Đà Nẵng")
_p("Võ Thị Ngọc Hân", "079198021567", "30/12/1998", "F", "số 45/7 đường Nguyễn Trãi, phường Bến Thành, Thành phố Hồ Chí Minh", "phường Bến Thành, Thành phố Hồ Chí Minh")
_p("Huỳnh Tấn Phát", "079096008842", "16/08/1996", "M", "số 201 đường Hai Bà Trưng, phường Tân Định, Thành phố Hồ Chí Minh", "phường Tân Định, Thành phố Hồ Chí Minh")
_p("Đoàn Thị Thanh Xuân", "038191009276", "11/03/1991", "F", "thôn Đông Hòa, xã Quảng Xương, tỉnh Thanh Hóa", "xã Quảng Xương, tỉnh Thanh Hóa")
_p("Lương Văn Quyết", "030088014452", "27/09/1988", "M", "số 9 phố Quang Trung, phường Hải Dương, thành phố Hải Phòng", "phường Hải Dương, thành phố Hải Phòng", "0983 220 617")
_p("Bùi Thị Ngân", "031179006618", "14/02/1979", "F", "số 36 đường Văn Cao, phường Gia Viên, thành phố Hải Phòng", "phường Gia Viên, thành phố Hải Phòng", "0936 802 155")
_p("Mai Văn Toàn", "026075003389", "05/11/1975", "M", "tổ dân phố Đồng Tâm, phường Vĩnh Yên, tỉnh Phú Thọ", "phường Vĩnh Yên, tỉnh Phú Thọ")
_p("Lê Thị Thu Sương", "092186007731", "21/07/1986", "F", "số 88 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ", "phường Ninh Kiều, thành phố Cần Thơ", "0939 514 726")
_p("Trương Minh Luân", "092084005127", "03/03/1984", "M", "số 88 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ", "phường Ninh Kiều, thành phố Cần Thơ")
_p("Đinh Công Tráng", "035065002214", "09/09/1965", "M", "thôn Bút Sơn, xã Kim Bảng, tỉnh Ninh Bình", "xã Kim Bảng, tỉnh Ninh Bình")
_p("Phùng Thị Lệ", "035190008871", "26/01/1990", "F", "tổ 7, phường Phủ Lý, tỉnh Ninh Bình", "phường Phủ Lý, tỉnh Ninh Bình", "0948 663 210")

_MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def heldout() -> dict[str, list[list[dict]]]:
    """file id -> documents (each a list of page specs)."""
    P = person
    yen, khanh = P("Nguyễn Thị Hải Yến"), P("Trần Quốc Khánh")
    thuy, hoang, huy = P("Phạm Thị Diệu Thúy"), P("Lê Văn Hoàng"), P("Lê Phạm Gia Huy")
    han, phat = P("Võ Thị Ngọc Hân"), P("Huỳnh Tấn Phát")
    xuan, quyet = P("Đoàn Thị Thanh Xuân"), P("Lương Văn Quyết")
    ngan, toan = P("Bùi Thị Ngân"), P("Mai Văn Toàn")
    suong, luan = P("Lê Thị Thu Sương"), P("Trương Minh Luân")
    trang, le = P("Đinh Công Tráng"), P("Phùng Thị Lệ")
    docs: dict[str, list[list[dict]]] = {}

    docs["h01"] = [[{
        "style": "dejavu", "type": "giay_tiep_nhan_ho_so", "header": "two-col",
        "agency": [("UBND PHƯỜNG HẠ LONG", False), ("BỘ PHẬN MỘT CỬA", True)],
        "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "qr": "000.00.07.H22-250912-0031",
        "qr_pos": "bottom-right",
        "body": [
            "Mã hồ sơ: 000.00.07.H22-250912-0031",
            "Bộ phận Một cửa phường Hạ Long đã nhận hồ sơ của:",
            f"Bà: {yen['name']}",
            f"Số CCCD: {yen['id']}",
            f"Địa chỉ: {yen['addr']}",
            f"Số điện thoại: {yen['phone']}; Email: haiyen.nt@gmail.com",
            "Nội dung yêu cầu giải quyết: Cấp Giấy xác nhận tình trạng hôn nhân",
            ("b", "1. Thành phần hồ sơ nộp gồm:"),
            "- Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (bản chính)",
            ("b", "2. Số lượng hồ sơ: 01 (bộ)"),
            ("b", "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc"),
            ("b", "4. Thời gian nhận hồ sơ: 09 giờ 20 phút, ngày 12/09/2025"),
            ("b", "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 17/09/2025"),
            "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa phường Hạ Long",
            "Vào Sổ theo dõi hồ sơ, Quyển số: 05, Số thứ tự: 0031",
            ("ic", "Người nộp hồ sơ                    Người tiếp nhận hồ sơ"),
            (C, "Nguyễn Thị Hải Yến                      Vũ Minh Khôi"),
        ]}]]

    docs["h02"] = [[{
        "style": "freeserif", "type": "giay_tiep_nhan_ho_so", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("PHƯỜNG THỦ DẦU MỘT", True)],
        "title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "body": [
            "Mã hồ sơ: 000.00.31.H29-251104-0208",
            f"Tiếp nhận hồ sơ của: Ông {khanh['name']}",
            f"Số định danh cá nhân: {khanh['id']}",
            f"Địa chỉ liên hệ: {khanh['addr']}",
            "Nội dung yêu cầu: Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Thành phần hồ sơ:",
            "a) Đơn đề nghị cấp giấy phép xây dựng",
            "b) Bản sao giấy tờ chứng minh quyền sử dụng đất",
            "c) Hai bộ bản vẽ thiết kế xây dựng",
            "Ngày nhận: 04/11/2025 - Hẹn trả kết quả: ngày 25/11/2025",
            "Người tiếp nhận: Lâm Thị Mỹ Dung",
        ]}]]

    docs["h03"] = [[{
        "style": "freeserif", "type": "to_khai_khai_sinh", "header": "center",
        "title": "Tờ khai đăng ký khai sinh",
        "body": [
            "Kính gửi: Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng",
            f"Họ và tên người đi đăng ký: {thuy['name']}",
            f"Giấy tờ tùy thân: Căn cước công dân số {thuy['id']}",
            f"Nơi cư trú: {thuy['addr']}",
            "Quan hệ với người được đăng ký khai sinh: Mẹ đẻ",
            ("b", "Đề nghị đăng ký khai sinh cho người dưới đây:"),
            f"Họ và tên: {huy['name'].upper()}",
            "Ngày sinh: 18/08/2025 (Ghi bằng chữ: Ngày mười tám, tháng tám, năm hai nghìn không trăm hai mươi lăm)",
            "Giới tính: Nam        Dân tộc: Kinh        Quốc tịch: Việt Nam",
            "Nơi sinh: Bệnh viện Phụ sản - Nhi Đà Nẵng",
            "Quê quán: xã Hòa Vang, thành phố Đà Nẵng",
        ], "footer": "1/2"},
        {"style": "freeserif", "type": "to_khai_khai_sinh", "header": False, "title": None,
         "body": [
            ("b", "Thông tin về cha, mẹ:"),
            f"Họ và tên mẹ: {thuy['name']}; Năm sinh: 1995; Dân tộc: Kinh",
            f"Họ và tên cha: {hoang['name']}; Năm sinh: 1992; Dân tộc: Kinh",
            f"Nơi cư trú của cha, mẹ: {thuy['addr']}",
            "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa "
            "thuận nhất trí của các bên liên quan theo quy định pháp luật.",
            ("ir", "Làm tại: Đà Nẵng, ngày 25 tháng 8 năm 2025"),
            ("r", f"Người yêu cầu: {thuy['name']}"),
         ], "footer": "2/2"}]]

    docs["h04"] = [[{
        "style": "libsans", "type": "giay_chung_sinh", "header": "two-col",
        "agency": [("SỞ Y TẾ ĐÀ NẴNG", False), ("BỆNH VIỆN PHỤ SẢN - NHI", True), ("Số: 4417/GCS", False)],
        "title": "GIẤY CHỨNG SINH", "subtitle": "(Bản số 1: Giao cho gia đình)",
        "body": [
            f"Họ và tên mẹ hoặc người nuôi dưỡng: {thuy['name']}",
            "Năm sinh: 1995        Dân tộc: Kinh",
            f"Số CCCD: {thuy['id']}",
            f"Nơi đăng ký thường trú: {thuy['addr']}",
            "Đã sinh con lúc: 07 giờ 35 phút, ngày 18/08/2025",
            "Nơi sinh: Bệnh viện Phụ sản - Nhi Đà Nẵng",
            "Số con trong lần sinh: 01        Giới tính: Trai",
            "Cân nặng: 3.350 gam",
            "Dự định đặt tên con: Lê Phạm Gia Huy",
            "Ghi chú: Sinh thường, trẻ khỏe mạnh",
            ("ir", "Đà Nẵng, ngày 20 tháng 8 năm 2025"),
            ("r", "Người đỡ đẻ: Hồ Thị Mai Phương"),
        ]}]]

    docs["h05"] = [[{
        "style": "dejavu", "type": "giay_khai_sinh", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("PHƯỜNG HẢI CHÂU", True)],
        "place_date": "Đà Nẵng, ngày 26 tháng 8 năm 2025",
        "title": "GIẤY KHAI SINH", "subtitle": "(Bản chính)",
        "body": [
            "Số: 307; Quyển số: 02/2025",
            f"Họ, chữ đệm, tên: {huy['name'].upper()}",
            "Ngày, tháng, năm sinh: 18/08/2025",
            "Giới tính: Nam; Dân tộc: Kinh; Quốc tịch: Việt Nam",
            "Nơi sinh: Bệnh viện Phụ sản - Nhi Đà Nẵng",
            "Quê quán: xã Hòa Vang, thành phố Đà Nẵng",
            f"Số định danh cá nhân: {huy['id']}",
            ("b", "Thông tin cha, mẹ"),
            f"Mẹ: {thuy['name']} - sinh năm 1995 - Kinh - Việt Nam",
            f"Cha: {hoang['name']} - sinh năm 1992 - Kinh - Việt Nam",
            f"Nơi cư trú: {thuy['addr']}",
            "Nơi đăng ký khai sinh: Ủy ban nhân dân phường Hải Châu",
            "Ngày đăng ký: 26/08/2025",
            ("r", "NGƯỜI KÝ GIẤY KHAI SINH"),
            ("r", "Phan Thị Thanh Bình"),
        ]}]]

    docs["h06"] = [[{
        "style": "libsans", "type": "to_khai_dang_ky_ket_hon", "header": "center",
        "title": "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        "body": [
            "Kính gửi: Ủy ban nhân dân phường Bến Thành, Thành phố Hồ Chí Minh",
            ("table", [0.34, 0.33, 0.33], [
                ["Thông tin", "Bên nữ", "Bên nam"],
                ["Họ, chữ đệm, tên", han["name"], phat["name"]],
                ["Ngày, tháng, năm sinh", han["dob"], phat["dob"]],
                ["Dân tộc", "Kinh", "Kinh"],
                ["Quốc tịch", "Việt Nam", "Việt Nam"],
                ["Nơi cư trú", "phường Bến Thành, TP. Hồ Chí Minh", "phường Tân Định, TP. Hồ Chí Minh"],
                ["Số định danh cá nhân", han["id"], phat["id"]],
                ["Kết hôn lần thứ mấy", "Lần đầu", "Lần đầu"],
            ]),
            "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là "
            "tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.",
            ("ir", "TP. Hồ Chí Minh, ngày 14 tháng 10 năm 2025"),
            (C, f"Bên nữ: {han['name']}        Bên nam: {phat['name']}"),
        ]}]]

    docs["h07"] = [[{
        "style": "freeserif", "type": "giay_xac_nhan_tinh_trang_hon_nhan", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("XÃ QUẢNG XƯƠNG", True), ("Số: 211/UBND-XNHN", False)],
        "place_date": "Quảng Xương, ngày 03 tháng 10 năm 2025",
        "title": "Giấy xác nhận tình trạng hôn nhân",
        "body": [
            "Ủy ban nhân dân xã Quảng Xương, tỉnh Thanh Hóa xác nhận:",
            f"Họ và tên: {xuan['name']}",
            f"Ngày sinh: {xuan['dob']}        Giới tính: Nữ",
            "Dân tộc: Kinh        Quốc tịch: Việt Nam",
            f"Giấy tờ tùy thân: CCCD số {xuan['id']}",
            f"Nơi cư trú: {xuan['addr']}",
            "Tình trạng hôn nhân: Hiện tại chưa đăng ký kết hôn với ai",
            "Giấy này có giá trị 06 tháng kể từ ngày cấp, được sử dụng để: Kết hôn",
            ("r", "KT. CHỦ TỊCH"), ("r", "PHÓ CHỦ TỊCH"), ("r", "Lê Văn Tuân"),
        ]}]]

    docs["h08"] = [[{
        "style": "dejavu_small", "type": "to_khai_xac_nhan_tinh_trang_hon_nhan", "header": "center",
        "title": "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        "body": [
            "Kính gửi: Ủy ban nhân dân phường Hải Dương, thành phố Hải Phòng",
            f"Họ, chữ đệm, tên người yêu cầu: {quyet['name']}",
            f"Nơi cư trú: {quyet['addr']}",
            f"Giấy tờ tùy thân: Căn cước số {quyet['id']}, cấp ngày 15/08/2024",
            "Quan hệ với người được cấp Giấy xác nhận: Bản thân",
            ("b", "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:"),
            f"Họ, chữ đệm, tên: {quyet['name']}        Giới tính: Nam",
            f"Ngày, tháng, năm sinh: {quyet['dob']}        Dân tộc: Kinh        Quốc tịch: Việt Nam",
            "Tình trạng hôn nhân: Đã đăng ký kết hôn, nhưng đã ly hôn theo Quyết định số 45/2023/QĐST-HNGĐ "
            "ngày 02/03/2023 của Tòa án nhân dân thành phố Hải Dương",
            "Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân: Bổ sung hồ sơ mua nhà ở xã hội",
            "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp "
            "luật về cam đoan của mình.",
            ("ir", "Hải Phòng, ngày 07 tháng 10 năm 2025"),
            ("r", f"Người yêu cầu: {quyet['name']}"),
        ]}]]

    docs["h09"] = [[{
        "style": "libsans", "type": "giay_chung_nhan_ket_hon", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("PHƯỜNG BẾN THÀNH", True), ("Số: 118/2025", False)],
        "title": "GIẤY CHỨNG NHẬN KẾT HÔN",
        "body": [
            ("table", [0.5, 0.5], [
                ["Họ, chữ đệm, tên chồng: " + phat["name"], "Họ, chữ đệm, tên vợ: " + han["name"]],
                ["Ngày sinh: " + phat["dob"], "Ngày sinh: " + han["dob"]],
                ["Dân tộc: Kinh; Quốc tịch: Việt Nam", "Dân tộc: Kinh; Quốc tịch: Việt Nam"],
                ["Số định danh cá nhân: " + phat["id"], "Số định danh cá nhân: " + han["id"]],
            ]),
            "Nơi đăng ký kết hôn: Ủy ban nhân dân phường Bến Thành, Thành phố Hồ Chí Minh",
            "Ngày đăng ký: 20/10/2025",
            ("table", [0.5, 0.5], [["Chữ ký của chồng", "Chữ ký của vợ"], [phat["name"], han["name"]]]),
            ("r", "TM. ỦY BAN NHÂN DÂN"), ("r", "CHỦ TỊCH"), ("r", "Nguyễn Thành Trung"),
        ]}]]

    docs["h10"] = [[{
        "style": "freeserif", "type": "don_de_nghi_cap_giay_phep_xay_dung", "header": "center",
        "title": ["ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "(Sử dụng cho công trình: Nhà ở riêng lẻ)"],
        "body": [
            "Kính gửi: Ủy ban nhân dân phường Gia Viên, thành phố Hải Phòng",
            ("b", "1. Tên chủ đầu tư (chủ hộ):"),
            f"Họ và tên: {ngan['name']}; CCCD số: {ngan['id']}",
            f"Địa chỉ: {ngan['addr']}",
            f"Điện thoại: {ngan['phone']}",
            ("b", "2. Địa điểm xây dựng:"),
            "Lô đất số: 24; Diện tích: 82,0 m2",
            "Tại: số 36 đường Văn Cao, phường Gia Viên, thành phố Hải Phòng",
            ("b", "3. Nội dung đề nghị cấp phép:"),
            "Cấp công trình: III; Diện tích xây dựng tầng 1 (tầng trệt): 70,5 m2",
            "Tổng diện tích sàn: 352,5 m2 (ghi rõ diện tích sàn các tầng hầm, tầng trên mặt đất, tầng kỹ thuật, tầng lửng, tum)",
            "Chiều cao công trình: 19,5 m; Số tầng: 05 tầng và 01 tum",
        ]},
        {"style": "freeserif", "type": "don_de_nghi_cap_giay_phep_xay_dung", "header": False, "title": None,
         "body": [
            ("b", "4. Đơn vị hoặc người chủ nhiệm thiết kế:"),
            "Công ty Cổ phần Kiến trúc Hải Đăng; Chứng chỉ năng lực số HAP-00027731",
            ("b", "5. Dự kiến thời gian hoàn thành công trình: 12 tháng"),
            ("b", "6. Cam kết:"),
            "Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách "
            "nhiệm và bị xử lý theo quy định của pháp luật.",
            ("ir", "Hải Phòng, ngày 10 tháng 9 năm 2025"),
            ("r", "NGƯỜI LÀM ĐƠN"),
            ("r", ngan["name"]),
         ]}]]

    docs["h11"] = [[{
        "style": "dejavu", "type": "giay_chung_nhan_quyen_su_dung_dat", "header": "center",
        "title": ["GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT,", "QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"],
        "qr": "https://dichvucong.gov.vn/tra-cuu/gcn/AA-01834527",
        "body": [
            "Số phát hành: AA 01834527",
            ("b", "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất"),
            f"Ông {toan['name']}, sinh năm 1975, Căn cước số {toan['id']}",
            f"Địa chỉ: {toan['addr']}",
            ("b", "2. Thông tin thửa đất"),
            "Thửa đất số: 431        Tờ bản đồ số: 27",
            "Diện tích: 150,0 m2 (Một trăm năm mươi mét vuông)",
            "Loại đất: Đất ở tại đô thị (ODT): 100,0 m2; Đất trồng cây lâu năm (CLN): 50,0 m2",
            "Hình thức sử dụng: Sử dụng riêng",
            "Thời hạn sử dụng: Đất ở: Lâu dài; Đất trồng cây lâu năm: đến ngày 15/10/2064",
            "Địa chỉ thửa đất: tổ dân phố Đồng Tâm, phường Vĩnh Yên, tỉnh Phú Thọ",
            "Nguồn gốc sử dụng: Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất",
            ("b", "3. Thông tin tài sản gắn liền với đất: Nhà ở riêng lẻ, diện tích xây dựng 85,0 m2"),
            ("ir", "Phú Thọ, ngày 15 tháng 10 năm 2025"),
            ("r", "TM. ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ"),
            "Số vào sổ cấp Giấy chứng nhận: DC 00917",
        ]}]]

    docs["h12"] = [[{
        "kind": "drawing", "type": "ban_ve_thiet_ke", "paper": "A3", "seed": 7, "floors": "05",
        "view": "MẶT ĐỨNG TRỤC 1-4", "style": "libsans",
        "titleblock": [
            ("b", "BẢN VẼ THIẾT KẾ"),
            ("r", "CÔNG TRÌNH: NHÀ Ở GIA ĐÌNH"),
            ("r", f"CHỦ ĐẦU TƯ: {ngan['name'].upper()}"),
            ("r", "ĐỊA ĐIỂM: SỐ 36 ĐƯỜNG VĂN CAO, PHƯỜNG GIA VIÊN"),
            ("r", "THIẾT KẾ: CÔNG TY CP KIẾN TRÚC HẢI ĐĂNG"),
            ("r", "TỶ LỆ: 1/100    BẢN VẼ SỐ: KT-03"),
        ]}]]

    docs["h13"] = [[{
        "style": "libsans", "type": "giay_phep_xay_dung", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("PHƯỜNG GIA VIÊN", True)],
        "place_date": "Hải Phòng, ngày 30 tháng 9 năm 2025",
        "title": "GIẤY PHÉP XÂY DỰNG", "subtitle": "Số: 215/GPXD",
        "body": [
            ("ic", "(Sử dụng cho nhà ở riêng lẻ)"),
            f"1. Cấp cho: Bà {ngan['name']}",
            f"Địa chỉ: {ngan['addr']}",
            "2. Được phép xây dựng công trình: Nhà ở riêng lẻ 05 tầng và 01 tum",
            "Theo thiết kế: Công ty Cổ phần Kiến trúc Hải Đăng lập",
            "Gồm các nội dung sau:",
            "Vị trí xây dựng: Lô đất số 24, số 36 đường Văn Cao, phường Gia Viên",
            "Cốt nền xây dựng công trình: +0,30 m",
            "Mật độ xây dựng: 86%; Hệ số sử dụng đất: 4,3",
            "Chỉ giới đường đỏ, chỉ giới xây dựng: trùng nhau, cách tim đường 12,0 m",
            "Diện tích xây dựng tầng 1: 70,5 m2; Tổng diện tích sàn: 352,5 m2",
            "Chiều cao công trình: 19,5 m; Số tầng: 05 tầng và 01 tum",
            "3. Giấy tờ về đất đai: Giấy chứng nhận số phát hành CK 118402",
            "4. Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ ngày cấp; "
            "quá thời hạn trên thì phải đề nghị gia hạn giấy phép xây dựng.",
            ("r", "KT. CHỦ TỊCH"), ("r", "PHÓ CHỦ TỊCH"), ("r", "Trần Văn Hưng"),
        ]}]]

    docs["h14"] = [[{
        "style": "dejavu", "type": "giay_de_nghi_dang_ky_ho_kinh_doanh", "header": "center",
        "code_line": "Phụ lục III-1",
        "title": "Giấy đề nghị đăng ký hộ kinh doanh",
        "body": [
            "Kính gửi: Phòng Kinh tế, Hạ tầng và Đô thị phường Ninh Kiều",
            f"Tôi là (ghi họ tên bằng chữ in hoa): {suong['name'].upper()}",
            f"Ngày, tháng, năm sinh: {suong['dob']}        Giới tính: Nữ",
            f"Số định danh cá nhân: {suong['id']}",
            f"Địa chỉ liên lạc: {suong['addr']}",
            f"Điện thoại: {suong['phone']}",
            ("b", "Đăng ký hộ kinh doanh do tôi là chủ hộ với các nội dung sau:"),
            "1. Tên hộ kinh doanh (ghi bằng chữ in hoa): CƠM TẤM THU SƯƠNG",
            "2. Địa chỉ trụ sở hộ kinh doanh: số 88 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "3. Ngành, nghề kinh doanh: Nhà hàng và các dịch vụ ăn uống phục vụ lưu động (mã 5610)",
            "4. Vốn kinh doanh: 120.000.000 đồng",
            "5. Thông tin đăng ký thuế: Ngày bắt đầu hoạt động: 01/11/2025",
            "Tôi cam kết chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác và trung thực của "
            "nội dung đăng ký trên.",
            ("ir", "Cần Thơ, ngày 22 tháng 10 năm 2025"),
            ("r", "CHỦ HỘ KINH DOANH"), ("r", suong["name"]),
        ]}]]

    card = cccd("Lê Thị Thu Sương", issued="2024-09-16", variant="cancuoc")[0]
    docs["h15"] = [[dict(card, style="libsans", qr=f"{suong['id']}||{suong['name']}|21071986|Nữ|16092024")]]

    docs["h16"] = [[{
        "style": "freeserif", "type": "bien_ban_hop_thanh_vien_ho_gia_dinh", "header": "center",
        "title": "BIÊN BẢN HỌP THÀNH VIÊN HỘ GIA ĐÌNH", "subtitle": "(V/v thành lập hộ kinh doanh)",
        "body": [
            "Hôm nay, vào lúc 19 giờ 00 ngày 18/10/2025, tại số 88 đường Mậu Thân, phường Ninh Kiều, "
            "thành phố Cần Thơ, chúng tôi gồm:",
            f"1. Bà {suong['name']} - sinh ngày {suong['dob']} - CCCD: {suong['id']}",
            f"2. Ông {luan['name']} - sinh ngày {luan['dob']} - CCCD: {luan['id']}",
            "Là thành viên hộ gia đình, cùng họp và thống nhất các nội dung sau:",
            "- Thành lập hộ kinh doanh Cơm tấm Thu Sương, kinh doanh dịch vụ ăn uống.",
            f"- Thống nhất cử bà {suong['name']} làm chủ hộ kinh doanh, đại diện hộ gia đình "
            "đăng ký và quản lý hoạt động kinh doanh.",
            "- Vốn góp của các thành viên: mỗi thành viên góp 60.000.000 đồng.",
            "Cuộc họp kết thúc vào lúc 20 giờ 30 cùng ngày.",
            (C, f"Thành viên: {luan['name']}          Chủ hộ: {suong['name']}"),
        ]}]]

    docs["h17"] = [[{
        "style": "libsans", "type": "giay_chung_nhan_dang_ky_ho_kinh_doanh", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU", False), ("PHÒNG KINH TẾ, HẠ TẦNG", True),
                   ("VÀ ĐÔ THỊ", True)],
        "title": "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH",
        "body": [
            ("c", "Mã số hộ kinh doanh: 1801734625"),
            ("c", "Đăng ký lần đầu: ngày 27 tháng 10 năm 2025"),
            "1. Tên hộ kinh doanh: CƠM TẤM THU SƯƠNG",
            "2. Địa chỉ trụ sở: số 88 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "Điện thoại: 0939 514 726",
            "3. Ngành, nghề kinh doanh: Nhà hàng và các dịch vụ ăn uống phục vụ lưu động",
            "4. Vốn kinh doanh: 120.000.000 đồng (Một trăm hai mươi triệu đồng)",
            "5. Thông tin về chủ hộ kinh doanh:",
            f"Họ và tên: {suong['name'].upper()}        Giới tính: Nữ",
            f"Sinh ngày: {suong['dob']}; Dân tộc: Kinh; Quốc tịch: Việt Nam",
            f"Số định danh cá nhân: {suong['id']}",
            f"Địa chỉ liên lạc: {suong['addr']}",
            ("r", "TRƯỞNG PHÒNG"), ("r", "Đặng Minh Tâm"),
        ]}]]

    docs["h18"] = [[{
        "style": "dejavu", "type": "don_dang_ky_bien_dong_dat_dai", "header": "center",
        "code_line": "Mẫu số 11/ĐK",
        "title": ["Đơn đăng ký biến động đất đai,", "tài sản gắn liền với đất"],
        "body": [
            "Kính gửi: Chi nhánh Văn phòng đăng ký đất đai tỉnh Ninh Bình",
            ("b", "I. PHẦN KÊ KHAI CỦA NGƯỜI ĐĂNG KÝ"),
            f"1. Người sử dụng đất: Bà {le['name']}, sinh năm 1990, số CCCD {le['id']}",
            f"Địa chỉ thường trú: {le['addr']}",
            "2. Giấy chứng nhận đã cấp: Số vào sổ CS 03318; Số phát hành DA 562190; ngày cấp 12/07/2018",
            "3. Thửa đất: số 205; tờ bản đồ số 33; diện tích 120,0 m2",
            "4. Nội dung biến động: Nhận chuyển nhượng toàn bộ thửa đất của ông Đinh Công Tráng",
            "5. Lý do biến động: Chuyển nhượng quyền sử dụng đất",
            "6. Giấy tờ nộp kèm theo: Hợp đồng chuyển nhượng đã công chứng; Giấy chứng nhận bản gốc",
            "Tôi xin cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu "
            "trách nhiệm trước pháp luật.",
            ("ir", "Ninh Bình, ngày 24 tháng 9 năm 2025"),
            ("r", "Người viết đơn"), ("r", le["name"]),
        ]}]]

    docs["h19"] = [[{
        "style": "freeserif", "type": "hop_dong_chuyen_nhuong_quyen_su_dung_dat", "header": "center",
        "title": "HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT",
        "body": [
            "Tại Văn phòng công chứng Phủ Lý, tỉnh Ninh Bình, chúng tôi gồm có:",
            ("b", "Bên chuyển nhượng (sau đây gọi là Bên A):"),
            f"Ông: {trang['name'].upper()}; sinh năm: 1965; CCCD số: {trang['id']}",
            f"Hộ khẩu thường trú: {trang['addr']}",
            ("b", "Bên nhận chuyển nhượng (sau đây gọi là Bên B):"),
            f"Bà: {le['name'].upper()}; sinh năm: 1990; CCCD số: {le['id']}",
            f"Hộ khẩu thường trú: {le['addr']}",
            "Hai bên đồng ý thực hiện việc chuyển nhượng quyền sử dụng đất theo các thỏa thuận sau đây:",
            ("b", "ĐIỀU 1: QUYỀN SỬ DỤNG ĐẤT CHUYỂN NHƯỢNG"),
            "Quyền sử dụng đất của Bên A đối với thửa đất số 205, tờ bản đồ số 33, diện tích 120,0 m2, "
            "theo Giấy chứng nhận số phát hành DA 562190.",
        ]},
        {"style": "freeserif", "type": "hop_dong_chuyen_nhuong_quyen_su_dung_dat", "header": False, "title": None,
         "body": [
            ("b", "ĐIỀU 2: GIÁ CHUYỂN NHƯỢNG VÀ PHƯƠNG THỨC THANH TOÁN"),
            "Giá chuyển nhượng quyền sử dụng đất nêu tại Điều 1 là: 960.000.000 đồng (Chín trăm sáu mươi "
            "triệu đồng). Bên B thanh toán cho Bên A bằng tiền mặt.",
            ("b", "ĐIỀU 3: NGHĨA VỤ CỦA CÁC BÊN"),
            "Bên A chuyển giao đất cho Bên B đúng diện tích, đúng hiện trạng; Bên B đăng ký quyền sử dụng "
            "đất tại cơ quan có thẩm quyền.",
            ("b", "ĐIỀU 4: CAM ĐOAN CỦA CÁC BÊN"),
            "Những thông tin về nhân thân, về thửa đất đã ghi trong Hợp đồng này là đúng sự thật.",
            (C, "BÊN A                                        BÊN B"),
            (C, f"{trang['name']}                          {le['name']}"),
         ]}]]

    card = cccd("Trương Minh Luân", issued="2022-06-20", variant="cccd")[0]
    card = dict(card, scale=1.45, style="libsans")
    docs["h20"] = [[card], [{
        "style": "libsans", "type": "giay_xac_nhan_tinh_trang_hon_nhan", "header": "two-col",
        "agency": [("ỦY BAN NHÂN DÂN", False), ("PHƯỜNG NINH KIỀU", True), ("Số: 392/XNTTHN", False)],
        "place_date": "Cần Thơ, ngày 16 tháng 10 năm 2025",
        "title": "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        "body": [
            "Xét đề nghị của ông Trương Minh Luân về việc cấp Giấy xác nhận tình trạng hôn nhân,",
            "Ủy ban nhân dân phường Ninh Kiều xác nhận:",
            f"Họ, chữ đệm, tên: {luan['name']}; Giới tính: Nam",
            f"Ngày, tháng, năm sinh: {luan['dob']}",
            f"Số định danh cá nhân: {luan['id']}",
            f"Nơi cư trú: {luan['addr']}",
            f"Tình trạng hôn nhân: Đang có vợ là bà {suong['name']} (Giấy chứng nhận kết hôn số 52, "
            "quyển số 01/2010 do Ủy ban nhân dân phường An Hòa cấp ngày 14/05/2010)",
            "Giấy này được cấp để: Thành lập hộ kinh doanh",
            "Giấy này có giá trị sử dụng 06 tháng kể từ ngày cấp.",
            ("r", "TM. ỦY BAN NHÂN DÂN"), ("r", "CHỦ TỊCH"), ("r", "Võ Thanh Nhàn"),
        ]}]]
    return docs
